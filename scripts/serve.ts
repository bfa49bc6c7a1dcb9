// npm run serve [-- --port N] [--host H] [--root DIR]
// Serves the production build (dist/, made by `vite build`) on http://127.0.0.1:4173/ with
// its build-time compressed copies, Range requests, the site's Content-Security-Policy and cache headers.
// See src/server/static.ts for what it does and why.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type RunningServer, type ServeOptions, type Served } from '../src/server/static.ts';

export { startServer, type RunningServer, type ServeOptions, type Served };

const USAGE = `usage: npm run serve -- [--port N] [--host H] [--root DIR] [--log]
  --port N    port to listen on (default 4173, or $PORT; 0 = any free port)
  --host H    address to listen on (default 127.0.0.1)
  --root DIR  folder to serve (default dist, the output of \`npm run build\`)
  --log       print one line per request
`;

interface Args { port: number; host: string; root: string; log: boolean }

function parseArgs(argv: string[]): Args | null {
  const args: Args = { port: Number(process.env.PORT ?? 4173), host: '127.0.0.1', root: 'dist', log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--log') {
      args.log = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== '--port' && name !== '--host' && name !== '--root') return null;
    const value = inline ?? argv[++i];
    if (!value) return null;
    if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
      args.port = port;
    } else args[name.slice(2) as 'host' | 'root'] = value;
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) return null;
  return args;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const args = parseArgs(argv);
  if (!args) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  let running: RunningServer;
  try {
    running = await startServer({
      root: resolve(args.root),
      port: args.port,
      host: args.host,
      log: args.log ? (line) => process.stdout.write(`${line}\n`) : undefined,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${args.port} is already in use (try --port 0 or another port)` : e.message;
    process.stderr.write(`cannot serve / 无法启动服务：${why}\n`);
    process.exit(1);
  }
  process.stdout.write(`Serving ${resolve(args.root)}\n  ➜  ${running.url}\n(Ctrl+C to stop)\n`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();

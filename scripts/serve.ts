// npm run serve [-- --port N] [--host H] [--root DIR]
// Serves the production build (dist/, made by `vite build`) on http://127.0.0.1:4173/ with
// its build-time compressed copies, Range requests, the site's Content-Security-Policy and cache headers.
// See src/server/static.ts for what it does and why.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer, type ServeOptions, type Served } from '../src/server/static.ts';

export { startServer, type RunningServer, type ServeOptions, type Served };

const USAGE = `usage: npm run serve -- [--port N] [--host H] [--root DIR] [--log]
  --port N    port to listen on (default 4173, or $PORT; 0 = any free port)
  --host H    address to listen on (default 127.0.0.1)
  --root DIR  folder to serve (default dist, the output of \`npm run build\`)
  --log       print one line per request
`;

interface Args { port: number; host: string; root: string; log: boolean }

/** The command line as Args, or null when it is not one this command takes (then USAGE is printed). */
function readArgs(argv: string[]): Args | null {
  let values: { port?: string; host?: string; root?: string; log?: boolean };
  try {
    // strict: an unknown option or one missing its value is an error, not ignored.
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: { port: { type: 'string' }, host: { type: 'string' }, root: { type: 'string' }, log: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return null;
  }
  const portText = values.port ?? process.env.PORT ?? '4173';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  if (values.host === '' || values.root === '') return null;
  return { port, host: values.host ?? '127.0.0.1', root: values.root ?? 'dist', log: values.log ?? false };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const args = readArgs(argv);
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

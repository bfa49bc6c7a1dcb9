// A vitest environment for .svelte.ts modules as the browser runs them: Node's globals, but Vite's
// client transform, so Svelte compiles runes for its client runtime ($effect runs; on the server
// build it never does). vite.config.ts runs the tests named *.client.test.ts in it (the project 'client').
import type { Environment } from 'vitest/environments';

export default <Environment>{
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
};

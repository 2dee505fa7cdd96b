import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { rendererCspPlugin } from './scripts/build/csp-plugin';

// Everything the app runs is bundled into out/: the packaged app ships no
// node_modules at all (package.json has no runtime `dependencies`; see
// docs/decisions/008-shipping-the-desktop-app.md). Only `electron` and Node's
// builtins stay external.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          // The Electron main process; with `--cli` it runs the command-line tool instead.
          index: resolve('src/main/index.ts'),
          // The same command-line tool for plain Node (`node out/main/cli.js`), no Electron.
          cli: resolve('src/cli/node-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), rendererCspPlugin()],
    build: {
      rolldownOptions: {
        input: { index: resolve('src/renderer/index.html') },
      },
    },
  },
});

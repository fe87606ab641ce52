import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { watPlugin } from './scripts/vite-wat-plugin.mjs';
import { DEV_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './src/shared/csp';

/** Writes the one CSP into index.html: strict in builds, relaxed only for the Vite dev server. */
function cspPlugin(): Plugin {
  return {
    name: 'wakeword-csp',
    transformIndexHtml(html, context) {
      return html.replace('%WAKEWORD_CSP%', context.server ? DEV_CONTENT_SECURITY_POLICY : META_CONTENT_SECURITY_POLICY);
    },
  };
}

export default defineConfig({
  main: {
    // The wasm kernels' source is WebAssembly text (src/ml/kernels/*.wat), compiled here.
    plugins: [watPlugin()],
    build: {
      // ESM-only packages are bundled into the CommonJS main/CLI output; the rest stay in node_modules. zod is
      // bundled too, tree-shaken into a chunk of its own: required from node_modules it loads all its locales
      // (tens of ms of every command that validates a config; e2e/cli-startup.e2e.test.ts spots the chunk).
      externalizeDeps: { exclude: ['electron-store', 'conf', 'zod'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          worker: resolve(__dirname, 'src/worker/train.ts'),
          evaluate: resolve(__dirname, 'src/worker/evaluate.ts'),
          export: resolve(__dirname, 'src/worker/export.ts'),
          scan: resolve(__dirname, 'src/worker/scan.ts'),
          // A worker_threads script, loaded by path from out/main (src/node/dataset/scan-io-pool.ts).
          'scan-io-thread': resolve(__dirname, 'src/worker/scan-io-thread.ts'),
          // A worker thread of the trainer (src/ml/oww/backbone-pool.ts starts it by this name).
          'embedding-thread': resolve(__dirname, 'src/worker/embedding-thread.ts'),
        },
        output: { manualChunks: (id: string) => (id.includes('/node_modules/zod/') ? 'zod' : undefined) },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require 'electron': bundle everything else into one file.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), cspPlugin()],
  },
});

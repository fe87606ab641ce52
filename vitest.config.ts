import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { watPlugin } from './scripts/vite-wat-plugin.mjs';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [watPlugin()],
        test: {
          name: 'unit',
          environment: 'node',
          // Vitest's 5 s default is tight for the heavier tests on a loaded 2-core machine; a hung test still fails.
          testTimeout: 30_000,
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          environment: 'jsdom',
          testTimeout: 30_000,
          include: ['src/renderer/**/*.test.tsx'],
          setupFiles: ['src/renderer/test-setup.ts'],
        },
      },
      {
        plugins: [watPlugin()],
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A real browser on a busy 2-core CI machine (a trainer running beside it) can take more than
          // expect.poll's 1 s default to re-render, e.g. a chart resizing after a viewport change.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});

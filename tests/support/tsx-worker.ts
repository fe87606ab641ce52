import { pathToFileURL } from 'node:url';
import { findProjectRoot } from '../../src/node/project-root';

/**
 * Node flags for a worker run from TypeScript source, as the built worker.js would run: tsx, plus the hook that
 * compiles the wasm kernels' `.wat?bytes` imports (Vite does it in builds and vitest).
 */
export const TSX_EXEC_ARGV: readonly string[] = ['--import', 'tsx', '--import', pathToFileURL(`${findProjectRoot()}/scripts/wat-register.mjs`).href];

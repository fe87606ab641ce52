// Lint, including the layering rules that keep the runtimes apart (see README "Project layout").
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads', 'stream', 'util', 'events', 'zlib', 'module'];
const layer = (...names) => names.map((name) => `**/${name}/**`);

const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC is allowed only in src/main/ipc.ts and src/preload/: add the request to src/shared/contract/api.ts instead.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'resources/**', 'tests/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [noRawIpc] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
          message: 'webContents.send is allowed only in src/main/ipc.ts: emit a contract event on the EventBus instead.',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The adapter files: the only places raw IPC may appear.
    files: ['src/main/ipc.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // preload: sandboxed, tiny. Names and envelopes only; the contract's zod schemas stay in main (types are fine).
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'The preload runs sandboxed: no Node APIs.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'zod'], message: 'The preload exposes the contract only; it carries no UI and no schemas.' },
            { group: layer('main', 'renderer', 'worker', 'cli', 'server'), message: 'The preload imports only electron and src/shared/contract/contract-names.ts / envelope.ts.' },
            { group: ['**/shared/api', '**/contract/api', '**/contract/*-contract', '**/contract/transport', '**/contract/dispatch'], allowTypeImports: true, message: 'Import names from src/shared/contract/contract-names.ts: shared/api.ts pulls zod into the preload bundle.' },
          ],
        },
      ],
    },
  },
  {
    // shared: pure logic and the contract. No Electron, no Node I/O, no DOM, no other layer.
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noRawIpc],
          patterns: [
            { group: ['electron', 'electron/*', ...NODE_BUILTINS], message: 'src/shared must not depend on Electron or Node APIs: it runs in every process.' },
            { group: ['react', 'react-dom', 'react-dom/*'], message: 'src/shared must not depend on the UI.' },
            { group: layer('main', 'preload', 'renderer', 'worker', 'cli', 'server'), message: 'src/shared imports nothing from other layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname', 'localStorage', 'navigator'],
    },
  },
  {
    // renderer: React, talking only to the contract (window.api / shared).
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noRawIpc],
          patterns: [
            { group: ['electron', 'electron/*', ...NODE_BUILTINS], message: 'The renderer runs in a sandboxed page: it reaches the services only through window.api.' },
            { group: layer('main', 'preload', 'worker', 'cli', 'server'), message: 'The renderer imports only from src/shared and itself.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    // Tests may exercise anything.
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
);

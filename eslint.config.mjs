// Lint, including the layering rules that keep the runtimes apart (see README "Project layout").
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads', 'stream', 'util', 'events', 'zlib', 'module'];
const layer = (...names) => names.map((name) => `**/${name}/**`);

/**
 * Which folders each runtime folder may import (VS Code's common / node / electron-main split). Everything not
 * listed is refused, and so are Electron (outside src/main), Node built-ins (in code that runs in a page or in
 * every process) and React (outside the renderer).
 */
const LAYERS = ['shared', 'renderer', 'preload', 'main', 'services', 'node', 'ml', 'worker', 'cli', 'server'];
const LAYER_RULES = {
  shared: { may: [], node: false, why: 'src/shared runs in every process: it imports nothing outside itself.' },
  renderer: { may: ['shared'], node: false, react: true, why: 'The renderer is a sandboxed page: it reaches the services only through window.api.' },
  main: { may: ['shared', 'services', 'node'], electron: true, why: 'src/main holds the Electron adapters: it wires the services, never the UI, the CLI or the ML code.' },
  services: { may: ['shared', 'node', 'ml'], why: 'src/services runs in every host (Electron, serve, the CLI): no Electron, UI or host code.' },
  node: { may: ['shared'], why: 'src/node is plain Node I/O below the services: it imports only src/shared.' },
  ml: { may: ['shared', 'node'], why: 'src/ml runs in the worker processes and the CLI: no Electron, UI, services or process entries.' },
  worker: { may: ['shared', 'ml', 'node'], why: 'src/worker holds the process entries: they run src/ml and talk to the parent only through the protocol.' },
  cli: { may: ['shared', 'node', 'services', 'ml', 'server'], why: 'The CLI runs in plain Node: no Electron, no UI.' },
  server: { may: ['shared', 'services', 'node'], why: '`wakeword serve` runs in plain Node: it serves the built renderer as files, never imports it.' },
};

/** One no-restricted-imports block per folder (a later block replaces the rule's options, so each lists them all). */
function layerRules() {
  const restrictions = (name, rule, rawIpc) => [
    'error',
    {
      paths: rawIpc ? [] : [noRawIpc],
      patterns: [
        ...(rule.electron ? [] : [{ group: ['electron', 'electron/*'], message: `Electron is imported only in src/main and src/preload. ${rule.why}` }]),
        ...(rule.node === false ? [{ group: NODE_BUILTINS, message: `No Node APIs here. ${rule.why}` }] : []),
        ...(rule.react ? [] : [{ group: ['react', 'react-dom', 'react-dom/*', 'react/*'], message: `React belongs to src/renderer. ${rule.why}` }]),
        {
          group: layer(...LAYERS.filter((other) => other !== name && !rule.may.includes(other))),
          message: `src/${name} may import only ${['itself', ...rule.may.map((other) => `src/${other}`)].join(', ')}. ${rule.why}`,
        },
      ],
    },
  ];
  return [
    ...Object.entries(LAYER_RULES).map(([name, rule]) => ({ files: [`src/${name}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': restrictions(name, rule, false) } })),
    // The IPC adapter: the one main-process file where raw ipcMain may appear.
    { files: ['src/main/ipc.ts'], rules: { 'no-restricted-imports': restrictions('main', LAYER_RULES.main, true) } },
  ];
}

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
    // The adapter files: the only places raw IPC may appear (the import rules for src/main/ipc.ts are in layerRules).
    files: ['src/main/ipc.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // preload: sandboxed, tiny. electron, the contract's name list and envelopes only; types from api.ts are erased.
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // An allow-list: gitignore-style negations cannot re-include a path under an excluded `..`.
              regex: '^(?!electron$|\\.\\./shared/contract/(contract-names|envelope|api)$)',
              message: 'The preload runs sandboxed: it imports only electron and src/shared/contract/contract-names.ts / envelope.ts.',
            },
            { group: ['**/shared/contract/api'], allowTypeImports: true, message: 'Import names from src/shared/contract/contract-names.ts: api.ts pulls zod into the preload bundle.' },
          ],
        },
      ],
    },
  },
  ...layerRules(),
  {
    // shared and the renderer run in every process or in a page: no Node globals there.
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: { 'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname', 'localStorage', 'navigator'] },
  },
  {
    // renderer: React, talking only to the contract (window.api / shared).
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    // The examples an export writes beside a model: standalone scripts importing only public packages, not app code
    // (no layer rules apply to .mjs); tsconfig.examples.json type-checks them. The browser ones run in a page.
    files: ['src/shared/export/examples/*browser*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // A snippet: `scores` is what the reader's code goes on to use.
    files: ['src/shared/export/examples/example-openwakeword-browser.mjs'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // Tests may exercise anything.
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
);

/** The TF.js backends, apart from the zod contract in api.ts so the CLI can parse `--backend` without loading zod. */
export const BACKEND_IDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKEND_IDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

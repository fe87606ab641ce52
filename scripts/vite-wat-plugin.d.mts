// Types for scripts/vite-wat-plugin.mjs (plain JS, so scripts/wat-register.mjs can run it without a build).
import type { Plugin } from 'vite';

export declare const WAT_QUERY: '?bytes';
export declare class WatError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}
export declare function compileWat(file: string, text?: string): Promise<Uint8Array>;
export declare function bytesModule(bytes: Uint8Array): string;
export declare function watPlugin(): Plugin;

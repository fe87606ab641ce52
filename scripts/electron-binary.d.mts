// Types for scripts/electron-binary.mjs (plain JS, so `npm start` and the postinstall run it without a build).
export declare function electronBinaryProblem(root: string, env?: NodeJS.ProcessEnv): string | null;
export declare function displayProblem(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export declare const ELECTRON_HELP: string;
export declare function startProblemLine(root: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;

/**
 * How this `wakeword` process was started, for hints the user can paste and for `serve`'s lifetime. In a project
 * folder the command is reached through npx (`npx wakeword …`, as the README says); a bare `wakeword` works only
 * where it is on PATH (npm link, a global install).
 */

/** True when npm started us (npx / `npm exec`, or an npm script): npm sets npm_command for what it runs. */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env.npm_command === 'string' && env.npm_command !== '';
}

/** The command to put in hints: "npx wakeword" when started through npm, else "wakeword". */
export function cliCommand(env: NodeJS.ProcessEnv = process.env): string {
  return startedByNpm(env) ? 'npx wakeword' : 'wakeword';
}

export interface ParentWatchOptions {
  /** The parent's pid now; a different value later means the parent ended and we were re-parented. */
  readonly ppid?: () => number;
  readonly intervalMs?: number;
}

/**
 * Calls `onGone` once when the process that started this one ends. npx does not pass SIGTERM on to the command
 * it runs, so without this `kill <npx pid>` leaves the server running, re-parented to init. Node has no event
 * for it, so the parent pid is checked every second (on a timer that does not keep the process alive).
 * Returns a function that stops watching.
 */
export function watchParent(onGone: () => void, options: ParentWatchOptions = {}): () => void {
  const ppid = options.ppid ?? (() => process.ppid);
  const parent = ppid();
  const timer = setInterval(() => {
    if (ppid() === parent) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}

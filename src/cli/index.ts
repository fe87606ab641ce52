/**
 * The `wakeword` command line: the same services as the desktop app, no Electron.
 * Later features add their subcommands here.
 */
import { Command, CommanderError } from 'commander';
import { findProjectRoot, readPackageVersion } from '../node/project-root';
import { CliError } from './cli-error';
import { startedByNpm, watchParent } from './invocation';
import { parsePort } from './option-parsers';
import {
  registerConfigCommands,
  registerDemoCommand,
  registerDetectCommand,
  registerEvalCommand,
  registerExportCommand,
  registerFeaturesCommand,
  registerScanCommand,
  registerSplitCommand,
  registerSynthCommand,
  registerTrainCommand,
  registerVoicesCommand,
} from './register-commands';
import type { CliIo } from './cli-io';
import { ownSignals } from './signals';
import { errorMessage } from '../shared/error-message';

export type { CliIo } from './cli-io';

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function buildProgram(io: CliIo = defaultIo): Command {
  const program = new Command('wakeword')
    .description('Wakeword Studio: train your own wake-word detector from folders of audio.')
    .version(readPackageVersion(findProjectRoot()), '-v, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride();

  program
    .command('serve')
    .description('serve the Wakeword Studio UI to a browser (e.g. to train on a headless GPU box)')
    .option('-w, --workspace <dir>', 'workspace folder to open')
    .option('--host <host>', 'address to bind (0.0.0.0 = every network interface)', '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 7860)
    .option('--no-token', 'serve without the access token (loopback addresses only; any local user could then drive the app)')
    .action(async (options: { workspace?: string; host: string; port: number; token: boolean }) => {
      // The signals are ours before the URL is printed: a supervisor may stop us the moment it reads it.
      let unwatch = (): void => undefined;
      let stopRequested: (why: string) => void = () => undefined;
      const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
      // A second signal while a training stops after its batch kills that trainer instead of waiting.
      let signals = 0;
      let abort = (): void => undefined;
      const onSignal = (): void => {
        signals += 1;
        if (signals === 1) stopRequested('');
        else abort();
      };
      const restoreSignals = ownSignals(onSignal);
      try {
        // The server and every service behind it load only when serve runs (see register-commands.ts).
        const server = await (await import('./serve-command')).runServe(options, io.out);
        // Loading them hooked when-exit (conf -> atomically) onto the signals; it re-raises each one, which
        // would count as a second Ctrl-C and kill the training. Set it aside too.
        restoreSignals.reclaim();
        abort = () => server.abort();
        // Stopping npx (`kill <pid>`, a process supervisor) does not reach us: follow it out.
        if (startedByNpm()) unwatch = watchParent(() => stopRequested(': the npx (npm) process that started it has ended'));
        io.out(`Stopping${await stopped}.`);
        unwatch();
        await server.close();
      } finally {
        restoreSignals();
      }
    });

  registerConfigCommands(program, io);
  registerFeaturesCommand(program, io);

  registerScanCommand(program, io);
  registerSplitCommand(program, io);
  registerSynthCommand(program, io);
  registerVoicesCommand(program, io);
  registerDemoCommand(program, io);
  registerTrainCommand(program, io);
  registerEvalCommand(program, io);
  registerDetectCommand(program, io);
  registerExportCommand(program, io);

  return program;
}

/** Entry used by bin/wakeword.js; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  // `wakeword scan | head`: a reader that stops early is normal for a command-line tool, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`wakeword: ${error.message}`);
      return error.exitCode;
    }
    const message = errorMessage(error);
    io.err(`wakeword: ${message}`);
    return 1;
  }
}

/** An error whose message is meant for the user as it is; the CLI prints it without a stack and exits non-zero. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

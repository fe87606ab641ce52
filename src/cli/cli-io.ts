/** Where a command writes its lines: the terminal, or a test's arrays. Its own file so commands need not import index.ts. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * One way to run a job in a child process (trainer, evaluator, exporter) over a `WorkerHandle`: messages are
 * checked against the job's protocol where they enter, so listeners only ever see typed messages; the end of
 * the process arrives once, as a clean exit or a crash; and a job that was killed or detached goes quiet, so
 * a late message from an old process can never touch the state of a newer one.
 */
import type { WorkerHandle, WorkerLauncher } from '../../node/training/worker-handle';

/** The process ended with exit code 0. */
export interface JobExit {
  readonly kind: 'exit';
  readonly code: 0;
  readonly detail: string;
}

/** The process ended any other way: a non-zero code, or a signal (a native crash shows as SIGSEGV, SIGBUS or SIGABRT). */
export interface JobCrash {
  readonly kind: 'crash';
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What happened, with the last lines the process wrote to stderr where the host keeps them. */
  readonly detail: string;
}

export type JobEnd = JobExit | JobCrash;

/** What a job's process may send: its name for messages, and the check every incoming message must pass. */
export interface JobProtocol<In> {
  readonly name: string;
  readonly accepts: (raw: unknown) => raw is In;
}

export interface JobListeners<In> {
  message(message: In): void;
  /** A message outside the protocol (a version mismatch or a bug): the job keeps running; `preview` is a short JSON excerpt. */
  rejected?(raw: unknown, preview: string): void;
  exit?(end: JobExit): void;
  crash?(end: JobCrash): void;
}

/** A short, always-printable excerpt of a value that failed the protocol check. */
export function previewMessage(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export class Job<Out, In> {
  private quiet = false;
  private ended = false;

  constructor(
    private readonly handle: WorkerHandle<Out>,
    protocol: JobProtocol<In>,
    listeners: JobListeners<In>,
  ) {
    handle.onMessage((raw) => {
      if (this.quiet) return;
      if (protocol.accepts(raw)) listeners.message(raw);
      else listeners.rejected?.(raw, previewMessage(raw));
    });
    handle.onExit((code, detail, signal) => {
      if (this.ended) return;
      this.ended = true;
      if (this.quiet) return;
      this.quiet = true;
      if (code === 0 && !signal) listeners.exit?.({ kind: 'exit', code: 0, detail });
      else listeners.crash?.({ kind: 'crash', code, signal: signal ?? null, detail });
    });
  }

  /** True until the process has ended (whether or not anyone still listens). */
  get running(): boolean {
    return !this.ended;
  }

  send(message: Out): void {
    if (!this.ended) this.handle.send(message);
  }

  /** Stops delivering events and leaves the process to finish on its own (its answer is in). */
  detach(): void {
    this.quiet = true;
  }

  /** Ends the process at once; no event is delivered after this. */
  kill(): void {
    this.quiet = true;
    this.handle.kill();
  }
}

export function startJob<Out, In>(launch: WorkerLauncher<Out>, protocol: JobProtocol<In>, listeners: JobListeners<In>): Job<Out, In> {
  return new Job(launch(), protocol, listeners);
}

/** What a request-style job makes of one message: keep waiting (null), its answer, or its failure. */
export type JobStep<R> = null | { readonly result: R } | { readonly error: string };

export interface RequestJobOptions<Out, In, R> {
  readonly launch: WorkerLauncher<Out>;
  readonly protocol: JobProtocol<In>;
  readonly request: Out;
  readonly step: (message: In) => JobStep<R>;
  /** The error when the process ends before answering. */
  readonly ended: (end: JobEnd) => string;
}

/**
 * Runs a job that answers one request (an evaluation, a detection, an export): resolves with its result,
 * rejects with its error message or when the process ends first. Messages outside the protocol are named in
 * that last error, since they are the likeliest reason no answer came.
 */
export function requestJob<Out, In, R>(options: RequestJobOptions<Out, In, R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let rejected: string | null = null;
    const job: Job<Out, In> = startJob(options.launch, options.protocol, {
      message: (message) => {
        const step = options.step(message);
        if (step === null) return;
        job.detach();
        if ('result' in step) resolve(step.result);
        else reject(new Error(step.error));
      },
      rejected: (_raw, preview) => {
        rejected ??= preview;
      },
      exit: (end) => reject(new Error(withRejected(options.ended(end), options.protocol.name, rejected))),
      crash: (end) => reject(new Error(withRejected(options.ended(end), options.protocol.name, rejected))),
    });
    job.send(options.request);
  });
}

function withRejected(message: string, name: string, rejected: string | null): string {
  return rejected === null ? message : `${message}; the ${name} also sent a message outside its protocol: ${rejected}`;
}

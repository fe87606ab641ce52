import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JobCrash, type JobEnd, type JobExit, type JobProtocol, requestJob, startJob } from './job-runner';
import { nodeWorkerLauncher, StderrTail, type WorkerHandle } from '../../node/training/worker-handle';

type Out = { readonly type: 'go'; readonly n: number } | { readonly type: 'halt' };
type In = { readonly type: 'progress'; readonly done: number } | { readonly type: 'answer'; readonly value: number } | { readonly type: 'failure'; readonly message: string };

const PROTOCOL: JobProtocol<In> = {
  name: 'test worker',
  accepts: (raw): raw is In => typeof raw === 'object' && raw !== null && ['progress', 'answer', 'failure'].includes((raw as { type?: unknown }).type as string),
};

/** An in-memory worker: the test plays the process, delivering messages and ending it by hand. */
class FakeWorker implements WorkerHandle<Out> {
  readonly sent: Out[] = [];
  killed = 0;
  private messageListener: (message: unknown) => void = () => undefined;
  private exitListener: (code: number | null, detail: string, signal?: NodeJS.Signals | null) => void = () => undefined;

  send(message: Out): void {
    this.sent.push(message);
  }
  kill(): void {
    this.killed += 1;
    this.end(null, 'killed by SIGKILL', 'SIGKILL');
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null, detail: string, signal?: NodeJS.Signals | null) => void): void {
    this.exitListener = listener;
  }
  deliver(message: unknown): void {
    this.messageListener(message);
  }
  end(code: number | null, detail: string, signal?: NodeJS.Signals | null): void {
    this.exitListener(code, detail, signal);
  }
}

function record(worker: FakeWorker) {
  const seen = { messages: [] as In[], rejected: [] as string[], exits: [] as JobExit[], crashes: [] as JobCrash[] };
  const job = startJob(() => worker, PROTOCOL, {
    message: (message) => seen.messages.push(message),
    rejected: (_raw, preview) => seen.rejected.push(preview),
    exit: (end) => seen.exits.push(end),
    crash: (end) => seen.crashes.push(end),
  });
  return { job, seen };
}

describe('startJob', () => {
  it('delivers protocol messages typed, and reports a bad message without ending the job', () => {
    const worker = new FakeWorker();
    const { job, seen } = record(worker);
    job.send({ type: 'go', n: 2 });
    worker.deliver({ type: 'progress', done: 1 });
    worker.deliver({ type: 'bogus', payload: 'x'.repeat(500) });
    worker.deliver('not even an object');
    worker.deliver({ type: 'answer', value: 4 });
    expect(worker.sent).toEqual([{ type: 'go', n: 2 }]);
    expect(seen.messages).toEqual([
      { type: 'progress', done: 1 },
      { type: 'answer', value: 4 },
    ]);
    expect(seen.rejected).toHaveLength(2);
    expect(seen.rejected[0]).toMatch(/^\{"type":"bogus","payload":"x+…$/);
    expect(seen.rejected[0]?.length).toBe(201);
    expect(seen.rejected[1]).toBe('"not even an object"');
    expect(job.running).toBe(true);
  });

  it('reports exit code 0 as an exit, and nothing after it', () => {
    const worker = new FakeWorker();
    const { job, seen } = record(worker);
    worker.end(0, 'exited with code 0');
    worker.deliver({ type: 'answer', value: 1 });
    worker.end(0, 'exited with code 0');
    expect(seen.exits).toEqual([{ kind: 'exit', code: 0, detail: 'exited with code 0' }]);
    expect(seen.crashes).toEqual([]);
    expect(seen.messages).toEqual([]);
    expect(job.running).toBe(false);
    job.send({ type: 'halt' });
    expect(worker.sent).toEqual([]);
  });

  it('reports a non-zero exit code and a signal as crashes, with the detail', () => {
    const coded = new FakeWorker();
    const first = record(coded);
    coded.end(3, 'exited with code 3: Error: out of memory');
    expect(first.seen.crashes).toEqual([{ kind: 'crash', code: 3, signal: null, detail: 'exited with code 3: Error: out of memory' }]);
    expect(first.seen.exits).toEqual([]);

    const signalled = new FakeWorker();
    const second = record(signalled);
    signalled.end(null, 'killed by SIGSEGV', 'SIGSEGV');
    expect(second.seen.crashes).toEqual([{ kind: 'crash', code: null, signal: 'SIGSEGV', detail: 'killed by SIGSEGV' }]);
  });

  it('goes quiet once killed or detached', () => {
    const killedWorker = new FakeWorker();
    const killed = record(killedWorker);
    killed.job.kill();
    killedWorker.deliver({ type: 'answer', value: 1 });
    expect(killedWorker.killed).toBe(1);
    expect(killed.seen).toEqual({ messages: [], rejected: [], exits: [], crashes: [] });
    expect(killed.job.running).toBe(false);

    const detachedWorker = new FakeWorker();
    const detached = record(detachedWorker);
    detached.job.detach();
    detachedWorker.deliver({ type: 'answer', value: 1 });
    detachedWorker.end(1, 'exited with code 1');
    expect(detached.seen).toEqual({ messages: [], rejected: [], exits: [], crashes: [] });
    expect(detached.job.running).toBe(false);
  });
});

describe('requestJob', () => {
  const ask = (worker: FakeWorker, progress: number[] = []): Promise<number> =>
    requestJob<Out, In, number>({
      launch: () => worker,
      protocol: PROTOCOL,
      request: { type: 'go', n: 7 },
      step: (message) => {
        if (message.type === 'progress') {
          progress.push(message.done);
          return null;
        }
        return message.type === 'answer' ? { result: message.value } : { error: message.message };
      },
      ended: (end: JobEnd) => `ended before answering (${end.kind}: ${end.detail})`,
    });

  it('sends the request, relays progress and resolves with the answer, ignoring the process after it', async () => {
    const worker = new FakeWorker();
    const progress: number[] = [];
    const answer = ask(worker, progress);
    expect(worker.sent).toEqual([{ type: 'go', n: 7 }]);
    worker.deliver({ type: 'progress', done: 1 });
    worker.deliver({ type: 'progress', done: 2 });
    worker.deliver({ type: 'answer', value: 49 });
    worker.deliver({ type: 'progress', done: 3 });
    worker.end(1, 'exited with code 1');
    await expect(answer).resolves.toBe(49);
    expect(progress).toEqual([1, 2]);
  });

  it("rejects with the job's own error message", async () => {
    const worker = new FakeWorker();
    const answer = ask(worker);
    worker.deliver({ type: 'failure', message: 'positive/a.wav: not a WAV file' });
    await expect(answer).rejects.toThrow(/^positive\/a\.wav: not a WAV file$/);
  });

  it('rejects when the process ends first, naming a message outside the protocol', async () => {
    const clean = new FakeWorker();
    const first = ask(clean);
    clean.end(0, 'exited with code 0');
    await expect(first).rejects.toThrow(/^ended before answering \(exit: exited with code 0\)$/);

    const confused = new FakeWorker();
    const second = ask(confused);
    confused.deliver({ type: 'answer-v2', value: 49 });
    confused.end(null, 'killed by SIGABRT', 'SIGABRT');
    await expect(second).rejects.toThrow('ended before answering (crash: killed by SIGABRT); the test worker also sent a message outside its protocol: {"type":"answer-v2","value":49}');
  });
});

describe('StderrTail', () => {
  it('keeps the last lines within its budget and explains an exit with them', () => {
    const tail = new StderrTail(40);
    expect(tail.describeExit(0)).toBe('exited with code 0');
    tail.append('line one\nline two\n');
    tail.append(Buffer.from('line three\nline four\n'));
    expect(tail.lastLines()).toBe('line two | line three | line four');
    tail.append('x'.repeat(30));
    // Only the last 40 characters are kept: "line four\n" and the 30 x's.
    expect(tail.lastLines()).toBe(`line four | ${'x'.repeat(30)}`);
    expect(tail.describeExit(3)).toBe(`exited with code 3: line four | ${'x'.repeat(30)}`);
    expect(tail.describeExit(null, 'SIGKILL')).toBe('killed by SIGKILL');
  });

  it("puts a real child process's last stderr lines into its crash", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'job-runner-'));
    const entry = path.join(dir, 'dies.mjs');
    await writeFile(entry, "process.stderr.write('first\\nsecond\\nthird\\nError: the last words\\n', () => process.exit(5));\n");
    const crash = await new Promise<JobEnd>((resolve) => {
      startJob(nodeWorkerLauncher<Out>({ entry }), PROTOCOL, { message: () => undefined, exit: resolve, crash: resolve });
    });
    expect(crash).toEqual({ kind: 'crash', code: 5, signal: null, detail: 'exited with code 5: second | third | Error: the last words' });
  });
});

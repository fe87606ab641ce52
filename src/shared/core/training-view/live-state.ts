/**
 * The Training panel's view of the current run, folded from the initial `training:status` request and
 * the events that follow. The request and the first events can cross on the wire: a status event is
 * always at least as new as the request's answer, and log lines are merged without duplicates.
 */
import type { BatchProgress } from '../../contract/trainer-protocol';
import { IDLE_STATUS, MAX_LOG_LINES, type LogLine, type TrainingStatus } from '../../training-status';

export interface LiveTraining {
  readonly status: TrainingStatus;
  readonly logs: readonly LogLine[];
  /** False until the first status (request answer or event) arrived: the panel shows "Loading…". */
  readonly loaded: boolean;
  /** Whether a status event has arrived; a late request answer is then stale. */
  readonly fromEvent: boolean;
}

export type LiveEvent =
  | { readonly type: 'snapshot'; readonly status: TrainingStatus }
  | { readonly type: 'status'; readonly status: TrainingStatus }
  | { readonly type: 'batch'; readonly batch: BatchProgress }
  | { readonly type: 'log'; readonly line: LogLine };

export const INITIAL_LIVE: LiveTraining = { status: IDLE_STATUS, logs: [], loaded: false, fromEvent: false };

const lineKey = (line: LogLine): string => `${line.time}\u0000${line.level}\u0000${line.message}`;

function capLogs(logs: readonly LogLine[]): readonly LogLine[] {
  return logs.length > MAX_LOG_LINES ? logs.slice(logs.length - MAX_LOG_LINES) : logs;
}

/** `base` is authoritative; lines of `extra` it does not contain are appended in order. */
export function mergeLogs(base: readonly LogLine[], extra: readonly LogLine[]): readonly LogLine[] {
  if (extra.length === 0) return capLogs(base);
  const seen = new Set(base.map(lineKey));
  return capLogs([...base, ...extra.filter((line) => !seen.has(lineKey(line)))]);
}

function further(a: BatchProgress | null, b: BatchProgress | null): BatchProgress | null {
  if (!a || !b) return a ?? b;
  return a.epoch > b.epoch || (a.epoch === b.epoch && a.batch >= b.batch) ? a : b;
}

export function reduceLive(state: LiveTraining, event: LiveEvent): LiveTraining {
  switch (event.type) {
    case 'snapshot':
      if (state.fromEvent) return state;
      return {
        status: { ...event.status, batch: state.loaded ? event.status.batch : further(event.status.batch, state.status.batch) },
        logs: mergeLogs(event.status.logs, state.logs),
        loaded: true,
        fromEvent: false,
      };
    case 'status':
      // A status carries every log line emitted before it, in order: it replaces what we had.
      return { status: event.status, logs: capLogs(event.status.logs), loaded: true, fromEvent: true };
    case 'batch':
      return { ...state, status: { ...state.status, batch: event.batch } };
    case 'log':
      return { ...state, logs: capLogs([...state.logs, event.line]) };
  }
}

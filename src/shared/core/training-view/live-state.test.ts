import { describe, expect, it } from 'vitest';
import { IDLE_STATUS, MAX_LOG_LINES, type LogLine, type TrainingStatus } from '../../training-status';
import { INITIAL_LIVE, mergeLogs, reduceLive } from './live-state';
import { historyOf } from './test-history';

const line = (n: number, message = `line ${String(n)}`): LogLine => ({ time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), level: 'info', message });
const running = (overrides: Partial<TrainingStatus> = {}): TrainingStatus => ({ ...IDLE_STATUS, state: 'running', runDir: '/ws/runs/a', startedAt: '2026-01-01T00:00:00.000Z', ...overrides });
const batch = (epoch: number, done: number) => ({ epoch, epochs: 10, batch: done, batches: 10, loss: 0.4, samplesPerSec: 50 });

describe('reduceLive', () => {
  it('takes the request answer as the first state', () => {
    const state = reduceLive(INITIAL_LIVE, { type: 'snapshot', status: running({ history: historyOf(3), logs: [line(1)] }) });
    expect(state.loaded).toBe(true);
    expect(state.status.history).toHaveLength(3);
    expect(state.logs).toEqual([line(1)]);
  });

  it('ignores a request answer that arrives after a status event (it is older)', () => {
    const afterEvent = reduceLive(INITIAL_LIVE, { type: 'status', status: running({ state: 'paused', history: historyOf(4) }) });
    const state = reduceLive(afterEvent, { type: 'snapshot', status: running({ history: historyOf(3) }) });
    expect(state.status.state).toBe('paused');
    expect(state.status.history).toHaveLength(4);
  });

  it('merges log lines that arrived before the request answer, without duplicates', () => {
    let state = reduceLive(INITIAL_LIVE, { type: 'log', line: line(2) });
    state = reduceLive(state, { type: 'log', line: line(3) });
    state = reduceLive(state, { type: 'snapshot', status: running({ logs: [line(1), line(2)] }) });
    expect(state.logs.map((l) => l.message)).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('keeps the further batch when a batch event beat the request answer', () => {
    let state = reduceLive(INITIAL_LIVE, { type: 'batch', batch: batch(2, 5) });
    state = reduceLive(state, { type: 'snapshot', status: running({ batch: batch(2, 3) }) });
    expect(state.status.batch?.batch).toBe(5);
  });

  it('replaces history and logs on each status event and appends later log events', () => {
    let state = reduceLive(INITIAL_LIVE, { type: 'snapshot', status: running({ logs: [line(1)] }) });
    state = reduceLive(state, { type: 'status', status: running({ history: historyOf(1), logs: [line(1), line(2)] }) });
    state = reduceLive(state, { type: 'log', line: line(3) });
    state = reduceLive(state, { type: 'batch', batch: batch(2, 1) });
    expect(state.status.history).toHaveLength(1);
    expect(state.status.batch).toEqual(batch(2, 1));
    expect(state.logs.map((l) => l.message)).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('starts afresh on a new run', () => {
    let state = reduceLive(INITIAL_LIVE, { type: 'status', status: running({ history: historyOf(5), logs: [line(1)] }) });
    state = reduceLive(state, { type: 'status', status: running({ state: 'starting', runDir: '/ws/runs/b', history: [], logs: [] }) });
    expect(state.status.history).toEqual([]);
    expect(state.logs).toEqual([]);
  });

  it('keeps at most the last 1,000 log lines', () => {
    let state = reduceLive(INITIAL_LIVE, { type: 'snapshot', status: running() });
    for (let i = 0; i < MAX_LOG_LINES + 25; i++) state = reduceLive(state, { type: 'log', line: line(i, `m${String(i)}`) });
    expect(state.logs).toHaveLength(MAX_LOG_LINES);
    expect(state.logs[0]?.message).toBe('m25');
    expect(mergeLogs(state.logs, [line(5000)])).toHaveLength(MAX_LOG_LINES);
  });
});

import { describe, expect, it } from 'vitest';
import { ownSignals } from './signals';

describe('ownSignals', () => {
  it('sets aside listeners added later (when-exit) without ever leaving the signal unwatched, and gives them back', () => {
    const seen: string[] = [];
    const before = (): void => void seen.push('before');
    process.on('SIGTERM', before);
    const owned = ownSignals((signal) => seen.push(`ours ${signal}`));
    const later = (): void => void seen.push('later');
    process.once('SIGTERM', later);
    const counts: number[] = [];
    const watch = (event: string | symbol): void => {
      if (event === 'SIGTERM') counts.push(process.listenerCount('SIGTERM'));
    };
    process.on('removeListener', watch);
    owned.reclaim();
    process.off('removeListener', watch);
    // Ours stayed attached the whole time: the count never fell to 0 (which closes Node's signal watcher).
    expect(Math.min(...counts)).toBeGreaterThan(0);
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['ours SIGTERM']);
    owned();
    expect(process.listeners('SIGTERM')).toEqual(expect.arrayContaining([before, later]));
    process.off('SIGTERM', before);
    process.off('SIGTERM', later);
  });
});

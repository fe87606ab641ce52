import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, restoreWindowState } from './window-state';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('restoreWindowState', () => {
  it('restores a saved state on a connected display', () => {
    const saved = { x: 100, y: 80, width: 1000, height: 700, maximized: true };
    expect(restoreWindowState(saved, [display])).toEqual(saved);
  });

  it('keeps the size but drops a position on a display that is gone', () => {
    expect(restoreWindowState({ x: 3000, y: 80, width: 1000, height: 700, maximized: false }, [display])).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('falls back to defaults for garbage', () => {
    expect(restoreWindowState({ width: 'big' }, [display])).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState(undefined, [display])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

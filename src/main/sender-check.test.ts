import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSenderCheck, isAllowedRendererUrl } from './sender-check';

const PREFIX = 'app://wakeword/index.html';

function event(url: string, id = 1, parent: object | null = null): IpcMainInvokeEvent {
  return { sender: { id }, senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

describe('IPC sender check', () => {
  const check = createSenderCheck((id) => id === 1, PREFIX);

  it('accepts the top frame of our window showing our renderer', () => {
    expect(check(event(PREFIX))).toBe(true);
    expect(check(event(`${PREFIX}#training`))).toBe(true);
  });

  it('refuses other pages, other windows and sub-frames', () => {
    expect(check(event('https://evil.example/'))).toBe(false);
    expect(check(event(`${PREFIX}.evil.html`))).toBe(false);
    expect(check(event(PREFIX, 2))).toBe(false);
    expect(check(event(PREFIX, 1, {}))).toBe(false);
  });

  it('accepts any path under a dev-server origin prefix ending in a slash', () => {
    expect(isAllowedRendererUrl('http://localhost:5173/index.html', 'http://localhost:5173/')).toBe(true);
    expect(isAllowedRendererUrl('http://localhost:51730/', 'http://localhost:5173')).toBe(false);
  });
});

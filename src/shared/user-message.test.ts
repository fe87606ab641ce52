import { describe, expect, it } from 'vitest';
import { userMessage } from './user-message';

describe('userMessage', () => {
  it("drops the host's request-name prefix and keeps the rest", () => {
    expect(userMessage(new Error('export:run failed: Run "oww1" cannot be exported as onnx'))).toBe('Run "oww1" cannot be exported as onnx');
    expect(userMessage(new Error('dataset:split failed: no clips'))).toBe('no clips');
    expect(userMessage('plain text: kept')).toBe('plain text: kept');
    expect(userMessage(new Error('the export:run failed: only at the start'))).toBe('the export:run failed: only at the start');
  });
});

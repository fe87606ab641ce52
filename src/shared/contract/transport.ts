/**
 * The WebSocket wire format used by `wakeword serve`: the same requests and events as Electron IPC,
 * framed as JSON messages with request ids.
 */
import { z } from 'zod';
import type { Envelope, EventName, EventPayloads } from './api';

export const WS_PATH = '/api';
export const TOKEN_PARAM = 'token';

export const clientMessageSchema = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().max(200),
  args: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export interface ResponseMessage {
  readonly type: 'response';
  readonly id: number;
  readonly envelope: Envelope<unknown>;
}

export interface EventMessage<E extends EventName = EventName> {
  readonly type: 'event';
  readonly name: E;
  readonly payload: EventPayloads[E];
}

export type ServerMessage = ResponseMessage | EventMessage;

/** Parses a client frame; a frame that is not a request yields an error string rather than throwing. */
export function parseClientMessage(text: string): ClientMessage | { readonly error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: 'Message is not JSON' };
  }
  const parsed = clientMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : { error: `Malformed request message: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

/**
 * Host-independent request dispatch: name check, runtime argument validation, handler call, envelope.
 * Both the Electron IPC adapter and the `serve` WebSocket run every request through here.
 */
import type { z } from 'zod';
import {
  isRequestName,
  requestSchemas,
  type ApiErrorPayload,
  type Envelope,
  type ParsedArgs,
  type RequestName,
  type RequestResult,
} from './api';
import { errorMessage } from '../error-message';

export interface RequestContext {
  /** Which transport the request came through, for logs. */
  readonly transport: 'ipc' | 'websocket' | 'test';
}

export type Handler<K extends RequestName> = (
  args: ParsedArgs<K>,
  context: RequestContext,
) => RequestResult<K> | Promise<RequestResult<K>>;

/** One handler per request; a missing one is a compile error wherever a map is declared `satisfies Handlers`. */
export type Handlers = { readonly [K in RequestName]: Handler<K> };

export function formatIssues(name: string, issues: readonly z.core.$ZodIssue[]): ApiErrorPayload {
  const first = issues[0];
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined;
  const details = issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return {
    code: 'invalid-args',
    message: `Invalid arguments for "${name}": ${details}`,
    ...(field === undefined ? {} : { field }),
  };
}

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  context: RequestContext,
): Promise<Envelope<unknown>> {
  if (!isRequestName(name)) {
    const shown = typeof name === 'string' ? `"${name.slice(0, 100)}"` : `of type ${typeof name}`;
    return { ok: false, error: { code: 'unknown-request', message: `Unknown request ${shown}` } };
  }
  const parsed = requestSchemas[name].safeParse(rawArgs);
  if (!parsed.success) return { ok: false, error: formatIssues(name, parsed.error.issues) };
  try {
    // The map is keyed by name, so the handler and its parsed args agree; TypeScript cannot correlate them here.
    const handler = handlers[name] as Handler<RequestName>;
    const value = await handler(parsed.data as ParsedArgs<RequestName>, context);
    return { ok: true, value };
  } catch (error) {
    // The message is for the user; the request name travels beside it, for logs and devtools only.
    return { ok: false, error: { code: 'failed', message: errorMessage(error), request: name } };
  }
}

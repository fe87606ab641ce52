/** How results cross process boundaries; no zod here, so the preload can use it. */

export type ApiErrorCode = 'invalid-args' | 'unknown-request' | 'forbidden' | 'failed' | 'disconnected';

export interface ApiErrorPayload {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** Dotted path of the offending argument field, for validation errors. */
  readonly field?: string;
  /** The request that failed ("workspace:open"), for logs and devtools; never part of the text a user reads. */
  readonly request?: string;
}

/** Results cross process boundaries as envelopes: thrown errors lose their fields over IPC. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorPayload };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  readonly request: string | undefined;
  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.field = payload.field;
    this.request = payload.request;
  }
}

export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error);
}

import { CallRibbonError } from './CallRibbonError.ts';

/** No response arrived within `timeout` milliseconds. Not an `ApiError`: the server never answered. */
export class TimeoutError extends CallRibbonError {
  override name = 'TimeoutError';
  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeout: number;

  constructor(request: { method: string; url: string }, timeout: number, options?: { cause?: unknown }) {
    super(`${request.method} ${request.url} timed out after ${timeout} ms`, request, options);
    this.timeout = timeout;
  }
}

import { CallRibbonError } from './CallRibbonError.ts';

/** The request never got a response: offline, DNS, refused or dropped connection, CORS. `cause` holds the original error. */
export class NetworkError extends CallRibbonError {
  override name = 'NetworkError';

  constructor(request: { method: string; url: string }, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${request.method} ${request.url} failed: network error${reason}`, request, options);
  }
}

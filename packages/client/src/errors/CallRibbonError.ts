/**
 * Base of every error the client throws. Subclasses: `ApiError` (the server answered with an
 * error status) and its status classes, `TimeoutError`, `NetworkError`, `InvalidResponseError`.
 * Every instance carries the request's `method` and `url`.
 *
 * @example
 * ```
 * try {
 *   await client.calls.list();
 * } catch (error) {
 *   if (isCallRibbonError(error)) console.warn(error.method, error.url, error.message);
 * }
 * ```
 */
export class CallRibbonError extends Error {
  override name = 'CallRibbonError';
  /** HTTP method of the failed request, e.g. `GET`. */
  readonly method: string;
  /** Full URL of the failed request (query included; the API key is never in it). */
  readonly url: string;

  constructor(message: string, request: { method: string; url: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.url = request.url;
  }

  /** A brand the guards check, so they work on errors from another frame or realm. */
  get isCallRibbonError(): true {
    return true;
  }
}

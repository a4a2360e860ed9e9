import { ApiError, type ApiErrorInit } from './ApiError.ts';

/** Seconds to wait from a `Retry-After` value (delay seconds or an HTTP-date); `null` if absent or unreadable. */
export const parseRetryAfter = (value: string | null, now: number = Date.now()): number | null => {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
};

/**
 * Too many requests (429). `retryAfter` is how many seconds the server asked to wait, or `null`.
 *
 * @example
 * ```
 * catch (error) {
 *   if (isRateLimitError(error)) setTimeout(refresh, (error.retryAfter ?? 30) * 1000);
 * }
 * ```
 */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  readonly retryAfter: number | null;

  constructor(init: ApiErrorInit & { retryAfter: number | null }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** Capped exponential backoff with jitter; a server's Retry-After wins but is capped too. */
export interface BackoffOptions {
  /** First delay, ms. */
  baseMs?: number;
  /** Longest delay between attempts, ms. */
  maxMs?: number;
  /** Longest Retry-After the queue will honour, ms (a longer one is cut to this). */
  maxRetryAfterMs?: number;
}

export const retryDelay = (
  attempt: number,
  retryAfterMs: number | null,
  random: () => number,
  options: BackoffOptions = {},
): number => {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 60_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  if (retryAfterMs !== null && retryAfterMs >= 0) return Math.min(retryAfterMs, maxRetryAfterMs);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries never bunch at zero.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

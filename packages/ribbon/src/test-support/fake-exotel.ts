// Browser tests: `/__fake-exotel/*` (web-test-runner.config.mjs) plays the phones of the fake
// Exotel the test runner's server calls, and posts its callbacks to the real server.
import type { CallLogsResponse } from '@call-ribbon/contract';

/** The tenant the test runner gave Exotel settings (web-test-runner.config.mjs). */
export const EXOTEL_API_KEY = 'browser-exotel-key';

export const fake = async (action: string, body: Record<string, unknown> = {}) =>
  (await fetch(`/__fake-exotel/${action}`, { method: 'POST', body: JSON.stringify(body) })).json();

/** Exotel posts a status callback for call `sid` to the server; resolves with the server's answer. */
export const callback = (sid: string, kind: 'answered' | 'terminal', contentType?: string) =>
  fake('callback', { sid, kind, ...(contentType ? { contentType } : {}) }) as Promise<{
    status: number;
    answer: { accepted: number; duplicates: number };
  }>;

/** The CallSid of the last call the server placed with the fake Exotel. */
export const lastSid = async (): Promise<string> => {
  const { sids } = (await (await fetch('/__fake-exotel/calls')).json()) as { sids: string[] };
  return sids.at(-1)!;
};

export const callLog = async (): Promise<CallLogsResponse> =>
  (await fetch('/api/ribbon/call-logs?pageSize=500', { headers: { 'X-API-Key': EXOTEL_API_KEY } })).json();

/** Whether the page has requested a URL whose path ends with `path` (the Resource Timing entries). */
export const requested = (path: string): boolean =>
  performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith(path));

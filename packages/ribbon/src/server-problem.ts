import { isApiError } from '@call-ribbon/client';
import { format, type RibbonStrings } from './strings.ts';

/**
 * Why the ribbon cannot use the server: the page's origin is not allowed for the key (403),
 * the key is unknown (401), or no answer came (network, DNS, timeout, a CORS refusal from a
 * server that does not explain it).
 */
export type ServerProblemKind = 'origin-not-allowed' | 'key-invalid' | 'server-unreachable';

/** What `getState().problem` holds and the bar shows. */
export interface ServerProblem {
  kind: ServerProblemKind;
  /** The problem and what to do about it, in the ribbon's language (as the bar shows it). */
  message: string;
  /** The underlying error's own words (method, URL, status, the server's message). */
  detail: string;
}

/** The problem an error of the ribbon's first request reveals; `null` for any other answer (a 5xx, a 429). */
export const serverProblemOf = (
  error: unknown,
  context: { apiUrl: string; origin: string; strings: RibbonStrings },
): ServerProblem | null => {
  const detail = error instanceof Error ? error.message : String(error);
  const { strings: t } = context;
  if (isApiError(error)) {
    if (error.status === 403)
      return {
        kind: 'origin-not-allowed',
        message: format(t.originNotAllowedHelp, { origin: context.origin }),
        detail,
      };
    if (error.status === 401) return { kind: 'key-invalid', message: t.keyInvalidHelp, detail };
    return null;
  }
  return {
    kind: 'server-unreachable',
    message: format(t.serverUnreachableHelp, { url: context.apiUrl }),
    detail,
  };
};

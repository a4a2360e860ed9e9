import { CallRibbonError } from './CallRibbonError.ts';

/** What the client knows about an error response. */
export type ApiErrorInit = {
  method: string;
  url: string;
  status: number;
  statusText: string;
  /** The parsed error body (`{ error, message, code }`), the raw text of a non-JSON body, or `undefined`. */
  body: unknown;
};

const MAX_SNIPPET = 200;

const serverMessageOf = (body: unknown): string | null => {
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  ) {
    return (body as { message: string }).message;
  }
  if (typeof body === 'string') {
    const text = body.replace(/\s+/g, ' ').trim();
    if (text !== '') return text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET)}…` : text;
  }
  return null;
};

/**
 * The server answered with an error status. `message` names the method, the URL, the status
 * and the server's own message; `body` is the error body as received.
 *
 * @example
 * ```
 * catch (error) {
 *   if (isApiError(error) && error.status === 409) showConflict(error.serverMessage);
 * }
 * ```
 */
export class ApiError extends CallRibbonError {
  override name = 'ApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** `code` of the error body; equals `status` for every error our server sends. */
  readonly code: number;
  /** The server's message (or the start of a non-JSON body); `null` when the body said nothing. */
  readonly serverMessage: string | null;
  /** The error body as received: parsed JSON, text, or `undefined` when empty. */
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    const serverMessage = serverMessageOf(init.body);
    const status = `${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
    super(
      `${init.method} ${init.url} failed with ${status}${serverMessage ? `: ${serverMessage}` : ''}`,
      init,
    );
    const code = (init.body as { code?: unknown } | undefined)?.code;
    this.status = init.status;
    this.code = typeof code === 'number' ? code : init.status;
    this.serverMessage = serverMessage;
    this.body = init.body;
  }
}

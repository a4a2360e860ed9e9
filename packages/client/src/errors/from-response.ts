import { ApiError, type ApiErrorInit } from './ApiError.ts';
import { BadRequestError } from './BadRequestError.ts';
import { NotFoundError } from './NotFoundError.ts';
import { parseRetryAfter, RateLimitError } from './RateLimitError.ts';
import { ServerError } from './ServerError.ts';
import { UnauthorizedError } from './UnauthorizedError.ts';

/** The error class for an error status. */
export const apiErrorFor = (init: ApiErrorInit, headers: Headers): ApiError => {
  if (init.status === 400) return new BadRequestError(init);
  if (init.status === 401) return new UnauthorizedError(init);
  if (init.status === 404) return new NotFoundError(init);
  if (init.status === 429)
    return new RateLimitError({ ...init, retryAfter: parseRetryAfter(headers.get('retry-after')) });
  if (init.status >= 500) return new ServerError(init);
  return new ApiError(init);
};

/**
 * Maps an error response whose body was read as `text`, with the body as ky fills
 * `HTTPError.data`: parsed JSON for a JSON content type, else the text; `undefined` when empty
 * or unparsable.
 */
export const apiErrorFromText = (
  response: Response,
  text: string,
  request: { method: string; url: string },
): ApiError => {
  let body: unknown;
  if (text !== '') {
    try {
      body = /json/i.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    } catch {
      body = undefined;
    }
  }
  return apiErrorFor(
    { ...request, status: response.status, statusText: response.statusText, body },
    response.headers,
  );
};

import type { ErrorBody } from '@call-ribbon/contract';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** A failure with an HTTP status; `app.onError` turns it into the error body. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: ContentfulStatusCode;

  constructor(status: ContentfulStatusCode, message: string) {
    super(message);
    this.status = status;
  }
}

export const errorBody = (status: number, message: string): ErrorBody => ({
  error: true,
  message,
  code: status,
});

/** One line naming each invalid field, e.g. `pageSize: Too big: expected number to be <=500`. */
export const describeZodError = (error: z.ZodError): string =>
  error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');

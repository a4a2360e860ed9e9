import { ApiError } from './ApiError.ts';

/** The request was invalid (400): the message names the offending field. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}

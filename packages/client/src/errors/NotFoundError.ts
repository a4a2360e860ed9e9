import { ApiError } from './ApiError.ts';

/** The resource does not exist for this tenant (404). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

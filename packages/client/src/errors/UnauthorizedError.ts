import { ApiError } from './ApiError.ts';

/** The API key (or admin token) is missing or wrong (401). */
export class UnauthorizedError extends ApiError {
  override name = 'UnauthorizedError';
}

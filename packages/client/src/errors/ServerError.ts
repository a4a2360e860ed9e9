import { ApiError } from './ApiError.ts';

/** The server failed (any 5xx). Safe reads were already retried before this is thrown. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

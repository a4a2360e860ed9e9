import type { ApiError } from './ApiError.ts';
import type { BadRequestError } from './BadRequestError.ts';
import type { CallRibbonError } from './CallRibbonError.ts';
import type { InvalidResponseError } from './InvalidResponseError.ts';
import type { NetworkError } from './NetworkError.ts';
import type { NotFoundError } from './NotFoundError.ts';
import type { RateLimitError } from './RateLimitError.ts';
import type { ServerError } from './ServerError.ts';
import type { TimeoutError } from './TimeoutError.ts';
import type { UnauthorizedError } from './UnauthorizedError.ts';

// Guards read the brand and `name`, never `instanceof`, so errors from another frame or realm match.

/** Any error thrown by this client. */
export const isCallRibbonError = (error: unknown): error is CallRibbonError =>
  typeof error === 'object' &&
  error !== null &&
  (error as { isCallRibbonError?: unknown }).isCallRibbonError === true;

const named =
  <T extends CallRibbonError>(...names: string[]) =>
  (error: unknown): error is T =>
    isCallRibbonError(error) && names.includes(error.name);

/** The server answered with an error status (any of the status classes below, or another 4xx). */
export const isApiError = named<ApiError>(
  'ApiError',
  'BadRequestError',
  'UnauthorizedError',
  'NotFoundError',
  'RateLimitError',
  'ServerError',
);
export const isBadRequestError = named<BadRequestError>('BadRequestError');
export const isUnauthorizedError = named<UnauthorizedError>('UnauthorizedError');
export const isNotFoundError = named<NotFoundError>('NotFoundError');
export const isRateLimitError = named<RateLimitError>('RateLimitError');
export const isServerError = named<ServerError>('ServerError');
export const isTimeoutError = named<TimeoutError>('TimeoutError');
export const isNetworkError = named<NetworkError>('NetworkError');
export const isInvalidResponseError = named<InvalidResponseError>('InvalidResponseError');

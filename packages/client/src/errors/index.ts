export { ApiError, type ApiErrorInit } from './ApiError.ts';
export { BadRequestError } from './BadRequestError.ts';
export { CallRibbonError } from './CallRibbonError.ts';
export {
  isApiError,
  isBadRequestError,
  isCallRibbonError,
  isInvalidResponseError,
  isNetworkError,
  isNotFoundError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  isUnauthorizedError,
} from './guards.ts';
export { InvalidResponseError } from './InvalidResponseError.ts';
export { NetworkError } from './NetworkError.ts';
export { NotFoundError } from './NotFoundError.ts';
export { parseRetryAfter, RateLimitError } from './RateLimitError.ts';
export { ServerError } from './ServerError.ts';
export { TimeoutError } from './TimeoutError.ts';
export { UnauthorizedError } from './UnauthorizedError.ts';

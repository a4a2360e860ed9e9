export { type CallRibbonAdminClient, createAdminClient } from './admin.ts';
export { type CallRibbonClient, createClient } from './client.ts';
export {
  ApiError,
  BadRequestError,
  CallRibbonError,
  InvalidResponseError,
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
  NetworkError,
  NotFoundError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors/index.ts';

/** The client's version, sent to the server for support. */
export const CLIENT_VERSION = '0.1.0';

export type * from '@call-ribbon/contract';
export type { AdminClientOptions } from './admin.ts';
export type {
  CallLogsParams,
  ClientOptions,
  CrmListPage,
  CrmUpsertInput,
  ExportOptions,
  LogCallOptions,
} from './client.ts';
export type { ApiErrorInit } from './errors/index.ts';
export type { LiteClientOptions, LiteRequestOptions, RibbonApi } from './lite.ts';
export type { FetchLike, RequestOptions, RetryPolicy } from './transport.ts';

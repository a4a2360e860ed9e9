import pkg from '../package.json' with { type: 'json' };

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

export { openLiveStream } from './stream.ts';

/** The client's version, sent to the server for support. */
export const CLIENT_VERSION: string = pkg.version;

export type * from '@call-ribbon/contract';
export type { AdminClientOptions } from './admin.ts';
export type {
  CallLogsParams,
  ClientOptions,
  CrmListPage,
  CrmUpsertInput,
  ExportOptions,
  LogCallOptions,
  StreamToken,
} from './client.ts';
export type { ApiErrorInit } from './errors/index.ts';
export type {
  LiveCallMessage,
  LiveStream,
  LiveStreamConnector,
  LiveStreamOptions,
  LiveStreamState,
} from './stream.ts';
export type { FetchLike, RequestOptions, RetryPolicy } from './transport.ts';

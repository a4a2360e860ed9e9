import type {
  AccountManagementDashboard,
  ActiveCallsResponse,
  AgentListResponse,
  AgentPresenceRequest,
  AgentPresenceResponse,
  AnalyticsResponse,
  BillingDashboard,
  Call,
  CallEvent,
  CallLogsQuery,
  CallLogsResponse,
  ConfigResponse,
  CrmBulkResponse,
  CrmEntity,
  CrmListResponse,
  CrmRecordInput,
  CrmRecordOf,
  CrmSettings,
  CustomerCallsResponse,
  CustomerData,
  CustomerResponse,
  CustomersByPhoneResponse,
  DetailedAnalyticsQuery,
  DetailedAnalyticsResponse,
  ExportQuery,
  HealthResponse,
  InitRequest,
  InitResponse,
  LeadsDashboard,
  LogCallResponse,
  SalesDashboard,
  SaveCustomerResponse,
  StartCallRequest,
  StartCallResponse,
  SupportDashboard,
} from '@call-ribbon/contract';
import { saveDownload } from './download.ts';
import { type LiveStream, type LiveStreamOptions, openLiveStream } from './stream.ts';
import {
  createTransport,
  type FetchLike,
  type Query,
  type RequestOptions,
  type RetryPolicy,
} from './transport.ts';

/**
 * Options of `createClient`.
 *
 * @example
 * ```
 * const client = createClient({ apiKey: 'your-api-key-123', apiUrl: 'https://calls.example.com' });
 * ```
 */
export type ClientOptions = {
  /** The tenant's API key, sent as `X-API-Key`. */
  apiKey: string;
  /** Base URL of the backend, e.g. `https://calls.example.com` (a path prefix is kept). */
  apiUrl: string;
  /** A `fetch` to use instead of the platform's. */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds. @default 10000 */
  timeout?: number;
  /** Retries of safe reads (a number is the limit). Writes retry only when a call asks. @default 2 */
  retry?: number | RetryPolicy;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
};

/** Query of `calls.list`: the contract's `CallLogsQuery` with numbers for the paging fields. */
export type CallLogsParams = Omit<CallLogsQuery, 'page' | 'pageSize'> & {
  /** 1-based page. @default 1 */
  page?: number;
  /** Calls per page, at most 500. @default 50 */
  pageSize?: number;
};

/** `format` is required here: `csv` or `json`. */
export type ExportOptions = ExportQuery & { format: 'csv' | 'json' };

/** A record to `crm.upsert`: the id comes from the path, so the body may leave it out. */
export type CrmUpsertInput<E extends CrmEntity> = Omit<CrmRecordInput<E>, 'id'> & { id?: string };

/** `crm.list`: one page of an entity's records. */
export type CrmListPage<E extends CrmEntity> = Omit<CrmListResponse, 'records'> & {
  records: CrmRecordOf<E>[];
};

/** Options of `calls.log`. */
export type LogCallOptions = RequestOptions;

/** `POST /api/ribbon/stream/token`: lets an `EventSource` open the stream as `?token=`. */
export type StreamToken = { token: string; expiresAt: string };

const enc = encodeURIComponent;

/** Splits a `format`-carrying query from per-call options without losing either. */
const exportQuery = ({
  format,
  startDate,
  endDate,
  customerId,
  callDirection,
  status,
}: ExportOptions): Query => ({
  format,
  startDate,
  endDate,
  customerId,
  callDirection,
  status,
});

/**
 * A typed client for every Call Ribbon endpoint. Every method rejects with a `CallRibbonError`
 * subclass (see `isApiError`, `isRateLimitError`, ...).
 *
 * @example
 * ```
 * const client = createClient({ apiKey, apiUrl: 'https://calls.example.com' });
 * const { summary } = await client.analytics.summary();
 * for await (const call of client.calls.iterate({ status: 'missed' })) console.log(call.phoneNumber);
 * ```
 */
export const createClient = (options: ClientOptions) => {
  if (!options.apiKey) throw new TypeError('createClient: `apiKey` is required');
  if (typeof options.apiUrl !== 'string') throw new TypeError('createClient: `apiUrl` is required');
  const http = createTransport({
    apiUrl: options.apiUrl,
    headers: { ...options.headers, 'x-api-key': options.apiKey },
    fetch: options.fetch,
    timeout: options.timeout,
    retry: options.retry,
  });
  const get = <T>(path: string, query?: Query, request: RequestOptions = {}) =>
    http.json<T>('GET', path, { ...request, query });

  const streamToken = (request?: RequestOptions) =>
    http.json<StreamToken>('POST', '/api/ribbon/stream/token', request);

  const list = (query: CallLogsParams = {}, request?: RequestOptions) =>
    get<CallLogsResponse>('/api/ribbon/call-logs', query, request);

  const exportResponse = (query: ExportOptions, request?: RequestOptions) =>
    http.response(
      'GET',
      '/api/ribbon/export/calls',
      { ...request, query: exportQuery(query) },
      query.format === 'json' ? 'application/json' : 'text/csv',
    );

  return {
    /** `GET /health`: server version, uptime, database. */
    health: (request?: RequestOptions) => get<HealthResponse>('/health', undefined, request),

    /** `POST /api/ribbon/init`: opens an agent session and returns the tenant's configuration. */
    init: (body: InitRequest = {}, request?: RequestOptions) =>
      http.json<InitResponse>('POST', '/api/ribbon/init', { ...request, json: body }),

    /** `GET /api/ribbon/config`: widget settings, telephony (no secrets), usage this month. */
    config: (request?: RequestOptions) => get<ConfigResponse>('/api/ribbon/config', undefined, request),

    calls: {
      /** `GET /api/ribbon/call-logs`: one page, newest first, with every filter. */
      list,

      /** Every call matching `query`, page after page (from `query.page`, default 1). */
      async *iterate(query: CallLogsParams = {}, request?: RequestOptions): AsyncIterableIterator<Call> {
        let page = query.page ?? 1;
        for (;;) {
          const { logs, pagination } = await list({ ...query, page }, request);
          yield* logs;
          if (logs.length === 0 || page >= pagination.totalPages) return;
          page += 1;
        }
      },

      /** `GET /api/ribbon/active-calls`: calls not yet ended. */
      active: (request?: RequestOptions) =>
        get<ActiveCallsResponse>('/api/ribbon/active-calls', undefined, request),

      /**
       * `POST /api/ribbon/log-call`: one event, or an array sent as `{ events }` (at most 500).
       * Not retried unless `options.retry` asks; a retry is safe because the server counts each
       * `eventId` once.
       */
      log: (eventOrEvents: CallEvent | CallEvent[], request?: LogCallOptions) =>
        http.json<LogCallResponse>('POST', '/api/ribbon/log-call', {
          ...request,
          json: Array.isArray(eventOrEvents) ? { events: eventOrEvents } : eventOrEvents,
        }),

      /**
       * `POST /api/ribbon/log-call` as a CORS simple request that may outlive the page: a
       * `keepalive` `text/plain` body carrying the key, so no preflight is needed at unload.
       * Never retried (the page may be gone); a later `log` of the same `eventId`s is safe.
       */
      logKeepalive: (events: CallEvent[], request?: Omit<LogCallOptions, 'retry'>) =>
        http.json<LogCallResponse>('POST', '/api/ribbon/log-call', {
          ...request,
          retry: false,
          bare: true,
          keepalive: true,
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify({ apiKey: options.apiKey, events }),
        }),

      /** `POST /api/ribbon/calls`: places an outbound call through the tenant's telephony. */
      start: (body: StartCallRequest, request?: RequestOptions) =>
        http.json<StartCallResponse>('POST', '/api/ribbon/calls', { ...request, json: body }),
    },

    /**
     * `GET /api/ribbon/stream`: the tenant's call events as they happen. Reconnects after a
     * drop or a silent stall (the server's `retry:` first, then backoff), resuming after
     * `Last-Event-ID`; `onResync` says when messages may have been missed.
     */
    stream: (streamOptions: LiveStreamOptions = {}): LiveStream =>
      openLiveStream(
        {
          fetch: (lastEventId, signal) =>
            http.response(
              'GET',
              '/api/ribbon/stream',
              { signal, retry: false, headers: lastEventId ? { 'last-event-id': lastEventId } : {} },
              'text/event-stream',
            ),
          eventSourceUrl: async (lastEventId, signal) => {
            const { token } = await streamToken({ signal });
            return http.urlOf('/api/ribbon/stream', { token, lastEventId });
          },
        },
        streamOptions,
      ),

    /** `POST /api/ribbon/stream/token`: a short-lived token for `EventSource` (`?token=`). */
    streamToken,

    analytics: {
      /** `GET /api/ribbon/analytics`: totals and the ten most recent calls. */
      summary: (request?: RequestOptions) =>
        get<AnalyticsResponse>('/api/ribbon/analytics', undefined, request),

      /** `GET /api/ribbon/analytics/detailed`: by hour, by weekday, top customers, duration buckets. */
      detailed: (range: DetailedAnalyticsQuery = {}, request?: RequestOptions) =>
        get<DetailedAnalyticsResponse>(
          '/api/ribbon/analytics/detailed',
          { startDate: range.startDate, endDate: range.endDate },
          request,
        ),
    },

    exports: {
      calls: {
        /** `GET /api/ribbon/export/calls` as a byte stream: the file is never held in memory. */
        async stream(query: ExportOptions, request?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
          const response = await exportResponse(query, request);
          return response.body ?? new ReadableStream({ start: (controller) => controller.close() });
        },

        /** The whole export as one string. */
        async text(query: ExportOptions, request?: RequestOptions): Promise<string> {
          const response = await exportResponse(query, request);
          return http.text(response, {
            method: 'GET',
            url: http.urlOf('/api/ribbon/export/calls', exportQuery(query)),
          });
        },

        /**
         * Browsers only: saves the export as a file (`filename`, else the server's name).
         * Throws a `TypeError` outside a browser; use `stream()` or `text()` there.
         */
        async download(query: ExportOptions, filename?: string, request?: RequestOptions): Promise<void> {
          if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') {
            throw new TypeError(
              'exports.calls.download() needs a browser (document and URL.createObjectURL); in Node use exports.calls.stream() or exports.calls.text()',
            );
          }
          const response = await exportResponse(query, request);
          await saveDownload(response, `call-logs.${query.format}`, filename);
        },
      },
    },

    agents: {
      /** `GET /api/ribbon/agents`: every registered agent with their status and current call. */
      list: (request?: RequestOptions) => get<AgentListResponse>('/api/ribbon/agents', undefined, request),

      /**
       * `PUT /api/ribbon/agents/:agentId/presence`: registers the agent and sets their status;
       * call it again (every 30 s) as the ribbon's heartbeat, or the agent is listed offline.
       */
      setPresence: (agentId: string, presence: AgentPresenceRequest, request?: RequestOptions) =>
        http.json<AgentPresenceResponse>('PUT', `/api/ribbon/agents/${enc(agentId)}/presence`, {
          ...request,
          json: presence,
        }),
    },

    customers: {
      /** `POST /api/ribbon/customer`: creates or updates a customer by `customerId`. */
      save: (customerData: CustomerData, request?: RequestOptions) =>
        http.json<SaveCustomerResponse>('POST', '/api/ribbon/customer', {
          ...request,
          json: { customerData },
        }),

      /** `GET /api/ribbon/customer/:id`: the customer and its call history. */
      get: (customerId: string, request?: RequestOptions) =>
        get<CustomerResponse>(`/api/ribbon/customer/${enc(customerId)}`, undefined, request),

      /** `GET /api/ribbon/customer/:id/calls`: the customer's calls and their events. */
      calls: (customerId: string, query: { limit?: number } = {}, request?: RequestOptions) =>
        get<CustomerCallsResponse>(
          `/api/ribbon/customer/${enc(customerId)}/calls`,
          { limit: query.limit },
          request,
        ),

      /** `GET /api/ribbon/customers?phone=`: customers whose number matches, in any notation. */
      findByPhone: (phone: string, request?: RequestOptions) =>
        get<CustomersByPhoneResponse>('/api/ribbon/customers', { phone }, request),
    },

    dashboards: {
      /** `GET /api/dashboards/sales`. */
      sales: (request?: RequestOptions) => get<SalesDashboard>('/api/dashboards/sales', undefined, request),
      /** `GET /api/dashboards/leads`. */
      leads: (request?: RequestOptions) => get<LeadsDashboard>('/api/dashboards/leads', undefined, request),
      /** `GET /api/dashboards/account-management`. */
      accountManagement: (request?: RequestOptions) =>
        get<AccountManagementDashboard>('/api/dashboards/account-management', undefined, request),
      /** `GET /api/dashboards/support`. */
      support: (request?: RequestOptions) =>
        get<SupportDashboard>('/api/dashboards/support', undefined, request),
      /** `GET /api/dashboards/billing`. */
      billing: (request?: RequestOptions) =>
        get<BillingDashboard>('/api/dashboards/billing', undefined, request),
    },

    crm: {
      /** `PUT /api/crm/:entity/:id`: creates or replaces one record; returns it as stored. */
      upsert: <E extends CrmEntity>(
        entity: E,
        id: string,
        record: CrmUpsertInput<E>,
        request?: RequestOptions,
      ) =>
        http.json<CrmRecordOf<E>>('PUT', `/api/crm/${enc(entity)}/${enc(id)}`, { ...request, json: record }),

      /** `POST /api/crm/:entity`: up to 1000 records, all stored or none (the bad ones are named). */
      bulkUpsert: <E extends CrmEntity>(entity: E, records: CrmRecordInput<E>[], request?: RequestOptions) =>
        http.json<CrmBulkResponse>('POST', `/api/crm/${enc(entity)}`, { ...request, json: { records } }),

      /** `GET /api/crm/:entity`: one page of records. */
      list: <E extends CrmEntity>(
        entity: E,
        query: { page?: number; pageSize?: number } = {},
        request?: RequestOptions,
      ) =>
        get<CrmListPage<E>>(
          `/api/crm/${enc(entity)}`,
          { page: query.page, pageSize: query.pageSize },
          request,
        ),

      /** `GET /api/crm/:entity/:id`: one record. */
      get: <E extends CrmEntity>(entity: E, id: string, request?: RequestOptions) =>
        get<CrmRecordOf<E>>(`/api/crm/${enc(entity)}/${enc(id)}`, undefined, request),

      /** `DELETE /api/crm/:entity/:id`: a `NotFoundError` when there is no such record. */
      delete: (entity: CrmEntity, id: string, request?: RequestOptions) =>
        http.empty('DELETE', `/api/crm/${enc(entity)}/${enc(id)}`, request),

      settings: {
        /** `GET /api/crm/settings`: the GST home state. */
        get: (request?: RequestOptions) => get<CrmSettings>('/api/crm/settings', undefined, request),
        /** `PUT /api/crm/settings`. */
        update: (settings: CrmSettings, request?: RequestOptions) =>
          http.json<CrmSettings>('PUT', '/api/crm/settings', { ...request, json: settings }),
      },
    },
  };
};
export type CallRibbonClient = ReturnType<typeof createClient>;

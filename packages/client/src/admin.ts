import type {
  AdminAnalyticsResponse,
  AdminClientsResponse,
  ClientResponse,
  ClientWithKeyResponse,
  CreateClientRequest,
  TelephonySettingsRequest,
  TelephonySettingsResponse,
  UpdateClientRequest,
} from '@call-ribbon/contract';
import { createTransport, type FetchLike, type RequestOptions, type RetryPolicy } from './transport.ts';

const enc = encodeURIComponent;

/** Options of `createAdminClient`. */
export type AdminClientOptions = {
  /** The server's `ADMIN_TOKEN`, sent as `Authorization: Bearer`. Keep it server side. */
  adminToken: string;
  apiUrl: string;
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds. @default 10000 */
  timeout?: number;
  /** Retries of safe reads. @default 2 */
  retry?: number | RetryPolicy;
  headers?: Record<string, string>;
};

/**
 * A client for the admin API: tenants ("clients"), their keys and cross-tenant analytics.
 *
 * @example
 * ```
 * const admin = createAdminClient({ adminToken: process.env.ADMIN_TOKEN!, apiUrl });
 * const { client, apiKey } = await admin.clients.create({ name: 'Acme Collections' });
 * ```
 */
export const createAdminClient = (options: AdminClientOptions) => {
  if (!options.adminToken) throw new TypeError('createAdminClient: `adminToken` is required');
  if (typeof options.apiUrl !== 'string') throw new TypeError('createAdminClient: `apiUrl` is required');
  const http = createTransport({
    apiUrl: options.apiUrl,
    headers: { ...options.headers, authorization: `Bearer ${options.adminToken}` },
    fetch: options.fetch,
    timeout: options.timeout,
    retry: options.retry,
  });
  return {
    clients: {
      /** `GET /api/admin/clients`: every tenant with usage and activity. */
      list: (request?: RequestOptions) =>
        http.json<AdminClientsResponse>('GET', '/api/admin/clients', request),
      /** `POST /api/admin/clients`: creates a tenant; the response shows its API key this once. */
      create: (body: CreateClientRequest, request?: RequestOptions) =>
        http.json<ClientWithKeyResponse>('POST', '/api/admin/clients', { ...request, json: body }),
      /** `GET /api/admin/clients/:id`: one tenant's settings (never its key). */
      get: (clientId: string, request?: RequestOptions) =>
        http.json<ClientResponse>('GET', `/api/admin/clients/${enc(clientId)}`, request),
      /** `PATCH /api/admin/clients/:id`: changes only the fields sent; `widget` is merged. */
      update: (clientId: string, changes: UpdateClientRequest, request?: RequestOptions) =>
        http.json<ClientResponse>('PATCH', `/api/admin/clients/${enc(clientId)}`, {
          ...request,
          json: changes,
        }),
      /** `POST /api/admin/clients/:id/rotate-key`: a new key; the old one stops working at once. */
      rotateKey: (clientId: string, request?: RequestOptions) =>
        http.json<ClientWithKeyResponse>('POST', `/api/admin/clients/${enc(clientId)}/rotate-key`, request),
      telephony: {
        /** `GET /api/admin/clients/:id/telephony`: the tenant's Exotel account, without its secrets. */
        get: (clientId: string, request?: RequestOptions) =>
          http.json<TelephonySettingsResponse>(
            'GET',
            `/api/admin/clients/${enc(clientId)}/telephony`,
            request,
          ),
        /** `PUT /api/admin/clients/:id/telephony`: sets the Exotel account; key and token are write-only. */
        set: (clientId: string, settings: TelephonySettingsRequest, request?: RequestOptions) =>
          http.json<TelephonySettingsResponse>('PUT', `/api/admin/clients/${enc(clientId)}/telephony`, {
            ...request,
            json: settings,
          }),
        /** `DELETE /api/admin/clients/:id/telephony`. */
        remove: (clientId: string, request?: RequestOptions) =>
          http.empty('DELETE', `/api/admin/clients/${enc(clientId)}/telephony`, request),
      },
    },
    analytics: {
      /** `GET /api/admin/analytics/all`: totals across tenants and per tenant. */
      all: (request?: RequestOptions) =>
        http.json<AdminAnalyticsResponse>('GET', '/api/admin/analytics/all', request),
    },
  };
};
export type CallRibbonAdminClient = ReturnType<typeof createAdminClient>;

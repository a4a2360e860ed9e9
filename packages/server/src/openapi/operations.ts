import {
  AccountManagementDashboard,
  ActiveCallsResponse,
  AdminAnalyticsResponse,
  AdminClientsResponse,
  AnalyticsResponse,
  BillingDashboard,
  CallLogsQuery,
  CallLogsResponse,
  ClientResponse,
  ClientWithKeyResponse,
  ConfigResponse,
  CRM_ENTITIES,
  CRM_ENTITY_NAMES,
  CreateClientRequest,
  CrmBulkRequest,
  CrmBulkResponse,
  CrmListQuery,
  CrmListResponse,
  CrmSettings,
  CustomerCallsQuery,
  CustomerCallsResponse,
  CustomerResponse,
  CustomersByPhoneQuery,
  CustomersByPhoneResponse,
  DetailedAnalyticsQuery,
  DetailedAnalyticsResponse,
  ExportQuery,
  HealthResponse,
  InitRequest,
  InitResponse,
  LeadsDashboard,
  LogCallRequest,
  LogCallResponse,
  ProviderCallbackResponse,
  SalesDashboard,
  SaveCustomerRequest,
  SaveCustomerResponse,
  StartCallRequest,
  StartCallResponse,
  SupportDashboard,
  TelephonySettingsRequest,
  TelephonySettingsResponse,
  UpdateClientRequest,
} from '@call-ribbon/contract';
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call an operation. */
export type Auth = 'none' | 'apiKey' | 'apiKeyOrBody' | 'admin';

export interface JsonContent {
  /** A component name under `#/components/schemas`. */
  component?: string;
  /** Several components, any one of which the body is. */
  anyOf?: string[];
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI form: `/api/ribbon/customer/{id}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  pathParams?: Record<string, string | { description: string; enum: readonly string[] }>;
  query?: z.ZodObject;
  /** Request body, converted as input (defaults make fields optional), or named components. */
  body?: { schema?: z.ZodType; json?: JsonContent; required: boolean; mediaTypes?: string[] };
  success: {
    status: 200 | 201 | 204;
    description: string;
    json?: JsonContent;
    /** Other media types the operation answers with, e.g. CSV. */
    alternatives?: Record<string, { type: 'string' | 'object'; description: string }>;
    headers?: Record<string, string>;
  };
  /** Error statuses besides the ones its auth implies. */
  errors: number[];
}

/** `sales-targets` -> `CrmSalesTarget`: the component name of a CRM entity's record. */
export function crmComponentName(entity: string): string {
  const pascal = entity.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
  return `Crm${pascal.endsWith('ies') ? `${pascal.slice(0, -3)}y` : pascal.replace(/s$/, '')}`;
}

/** Response bodies registered as named components (referenced by `JsonContent.component`). */
export const COMPONENTS: Record<string, z.ZodType> = {
  HealthResponse,
  ConfigResponse,
  InitResponse,
  LogCallResponse,
  CallLogsResponse,
  ActiveCallsResponse,
  AnalyticsResponse,
  DetailedAnalyticsResponse,
  SaveCustomerResponse,
  CustomerResponse,
  CustomerCallsResponse,
  CustomersByPhoneResponse,
  AdminClientsResponse,
  ClientWithKeyResponse,
  ClientResponse,
  AdminAnalyticsResponse,
  SalesDashboard,
  LeadsDashboard,
  AccountManagementDashboard,
  SupportDashboard,
  BillingDashboard,
  StartCallResponse,
  StreamTokenResponse: z.object({
    token: z.string().meta({ description: 'Pass as `?token=` to `GET /api/ribbon/stream`' }),
    expiresAt: z.iso.datetime(),
  }),
  ProviderCallbackResponse,
  TelephonySettingsResponse,
  CrmSettings,
  CrmListResponse,
  CrmBulkResponse,
  ...Object.fromEntries(
    Object.entries(CRM_ENTITIES).map(([entity, schema]) => [crmComponentName(entity), schema as z.ZodType]),
  ),
};

const json = (component: keyof typeof COMPONENTS & string): JsonContent => ({ component });
const anyCrmRecord: JsonContent = { anyOf: CRM_ENTITY_NAMES.map(crmComponentName) };
const entityParam = { description: 'The kind of CRM record', enum: CRM_ENTITY_NAMES };

const DASHBOARDS = [
  ['sales', 'sales-api.php', 'SalesDashboard', 'Sales'],
  ['leads', 'leads-api.php', 'LeadsDashboard', 'Leads'],
  ['account-management', 'account-management-api.php', 'AccountManagementDashboard', 'Account management'],
  ['support', 'support-api.php', 'SupportDashboard', 'Support'],
  ['billing', 'billing-api.php', 'BillingDashboard', 'Billing'],
] as const;

const dashboardOperations: OperationSpec[] = DASHBOARDS.flatMap(([slug, seedPath, component, title]) => {
  const camel = slug.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
  const base = {
    method: 'get',
    tag: 'Dashboards',
    auth: 'apiKey',
    success: { status: 200, description: `The ${title.toLowerCase()} dashboard`, json: json(component) },
  } as const;
  return [
    {
      ...base,
      path: `/api/dashboards/${slug}`,
      operationId: `${camel}Dashboard`,
      summary: `${title} dashboard`,
      description: `Computed from the tenant's CRM records and call logs at request time.`,
      errors: [],
    },
    {
      ...base,
      path: `/${seedPath}`,
      operationId: `${camel}DashboardSeedPath`,
      summary: `${title} dashboard (seed path)`,
      description: `The same response as \`/api/dashboards/${slug}\`, at the path pages written against the seed already call.`,
      errors: [],
    },
  ];
});

const customerIdParam = { id: 'The customer id the CRM uses (e.g. CUST001)' };
const clientId = { id: 'The client (tenant) id' };

/** Every operation the server documents, in reading order. */
export const OPERATIONS: OperationSpec[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness and database check',
    auth: 'none',
    success: { status: 200, description: 'The server and its database answer', json: json('HealthResponse') },
    errors: [503],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Service',
    summary: 'This document, OpenAPI 3.1',
    auth: 'none',
    success: {
      status: 200,
      description: 'The OpenAPI document',
      alternatives: { 'application/json': { type: 'object', description: 'OpenAPI 3.1 document' } },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'apiReferencePage',
    tag: 'Service',
    summary: 'This reference as a readable HTML page',
    auth: 'none',
    success: {
      status: 200,
      description: 'A self-contained HTML page',
      alternatives: { 'text/html': { type: 'string', description: 'The API reference' } },
    },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/ribbon/init',
    operationId: 'init',
    tag: 'Ribbon',
    summary: 'Open an agent session',
    description:
      'Validates the key, records the agent session and returns the configuration plus `sessionId`.',
    auth: 'apiKey',
    body: { schema: InitRequest, required: false },
    success: {
      status: 200,
      description: 'The configuration and the new session id',
      json: json('InitResponse'),
    },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/ribbon/config',
    operationId: 'getConfig',
    tag: 'Ribbon',
    summary: 'Client, widget settings, telephony and this month’s usage',
    description:
      'Usage counts calls started this calendar month in the client’s time zone; `remaining` never goes below zero.',
    auth: 'apiKey',
    success: { status: 200, description: 'The configuration', json: json('ConfigResponse') },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/ribbon/log-call',
    operationId: 'logCall',
    tag: 'Call logs',
    summary: 'Record call events (one, or a batch of up to 500)',
    description:
      'Idempotent by `eventId`: a repeated event is counted in `duplicates` and changes nothing. Valid events are stored even when others in the batch are rejected.',
    auth: 'apiKey',
    body: { schema: LogCallRequest, required: true },
    success: {
      status: 200,
      description: 'What was stored, repeated and rejected',
      json: json('LogCallResponse'),
    },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/ribbon/call-logs',
    operationId: 'listCallLogs',
    tag: 'Call logs',
    summary: 'Calls, newest first, filtered and paged',
    description: 'A plain-date `endDate` (2025-10-31) includes that whole day.',
    auth: 'apiKey',
    query: CallLogsQuery,
    success: { status: 200, description: 'One page of calls', json: json('CallLogsResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/ribbon/active-calls',
    operationId: 'listActiveCalls',
    tag: 'Call logs',
    summary: 'Calls in progress',
    description:
      'Calls not yet ended; a call with no event for a while (2 hours by default) is stale, not active.',
    auth: 'apiKey',
    success: { status: 200, description: 'The calls in progress', json: json('ActiveCallsResponse') },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/ribbon/analytics',
    operationId: 'getAnalytics',
    tag: 'Analytics',
    summary: 'Summary and the ten most recent calls',
    auth: 'apiKey',
    success: { status: 200, description: 'The summary', json: json('AnalyticsResponse') },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/ribbon/analytics/detailed',
    operationId: 'getDetailedAnalytics',
    tag: 'Analytics',
    summary: 'Hourly, weekly and duration distributions, top customers',
    description:
      'Hours and days of the week are in the client’s time zone; every bucket key is always present.',
    auth: 'apiKey',
    query: DetailedAnalyticsQuery,
    success: { status: 200, description: 'The detailed report', json: json('DetailedAnalyticsResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/ribbon/export/calls',
    operationId: 'exportCalls',
    tag: 'Analytics',
    summary: 'Export calls as CSV or JSON (streamed)',
    description:
      'CSV is RFC 4180 with a header row; cells a spreadsheet would run as formulas are neutralised.',
    auth: 'apiKey',
    query: ExportQuery,
    success: {
      status: 200,
      description: 'The file, as an attachment',
      alternatives: {
        'text/csv': { type: 'string', description: 'One row per call, columns as in the JSON form' },
        'application/json': { type: 'string', description: 'A JSON array of calls' },
      },
      headers: { 'Content-Disposition': 'attachment; filename="call-logs-….csv"' },
    },
    errors: [400],
  },
  {
    method: 'post',
    path: '/api/ribbon/customer',
    operationId: 'saveCustomer',
    tag: 'Customers',
    summary: 'Create or update a customer',
    description:
      'The key may come in the `X-API-Key` header or as `apiKey` in the body (what the seed’s clients send). The phone number is normalised to E.164 for look-ups.',
    auth: 'apiKeyOrBody',
    body: { schema: SaveCustomerRequest, required: true },
    success: { status: 200, description: 'The stored customer', json: json('SaveCustomerResponse') },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/ribbon/customer/{id}',
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'A customer with its latest calls and totals',
    description:
      '404 when the client has neither this customer nor calls for it; `customer` is null when only calls exist.',
    auth: 'apiKey',
    pathParams: customerIdParam,
    success: { status: 200, description: 'The customer', json: json('CustomerResponse') },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/ribbon/customer/{id}/calls',
    operationId: 'getCustomerCalls',
    tag: 'Customers',
    summary: 'A customer’s latest calls and their events',
    auth: 'apiKey',
    pathParams: customerIdParam,
    query: CustomerCallsQuery,
    success: { status: 200, description: 'The calls, newest first', json: json('CustomerCallsResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/ribbon/customers',
    operationId: 'findCustomersByPhone',
    tag: 'Customers',
    summary: 'Customers with this phone number (incoming-call screen pop)',
    description: '`+91 98765 43210`, `09876543210` and `9876543210` find the same customer.',
    auth: 'apiKey',
    query: CustomersByPhoneQuery,
    success: { status: 200, description: 'The matching customers', json: json('CustomersByPhoneResponse') },
    errors: [400],
  },
  ...dashboardOperations,
  {
    method: 'get',
    path: '/api/admin/clients',
    operationId: 'listClients',
    tag: 'Admin',
    summary: 'Every client with usage and activity',
    auth: 'admin',
    success: { status: 200, description: 'The clients', json: json('AdminClientsResponse') },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/admin/clients',
    operationId: 'createClient',
    tag: 'Admin',
    summary: 'Create a client; its API key is shown this once',
    auth: 'admin',
    body: { schema: CreateClientRequest, required: true },
    success: { status: 201, description: 'The new client and its key', json: json('ClientWithKeyResponse') },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/admin/clients/{id}',
    operationId: 'getClient',
    tag: 'Admin',
    summary: 'One client’s settings',
    auth: 'admin',
    pathParams: clientId,
    success: { status: 200, description: 'The client', json: json('ClientResponse') },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/admin/clients/{id}',
    operationId: 'updateClient',
    tag: 'Admin',
    summary: 'Change a client’s name, time zone, limit, origins or widget settings',
    auth: 'admin',
    pathParams: clientId,
    body: { schema: UpdateClientRequest, required: true },
    success: { status: 200, description: 'The client after the change', json: json('ClientResponse') },
    errors: [400, 404, 413],
  },
  {
    method: 'post',
    path: '/api/admin/clients/{id}/rotate-key',
    operationId: 'rotateClientKey',
    tag: 'Admin',
    summary: 'Replace a client’s API key; the old key stops working at once',
    auth: 'admin',
    pathParams: clientId,
    success: { status: 200, description: 'The client and its new key', json: json('ClientWithKeyResponse') },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/admin/analytics/all',
    operationId: 'getAllAnalytics',
    tag: 'Admin',
    summary: 'Totals across clients and per client',
    auth: 'admin',
    success: { status: 200, description: 'The totals', json: json('AdminAnalyticsResponse') },
    errors: [],
  },
  {
    method: 'put',
    path: '/api/admin/clients/{id}/telephony',
    operationId: 'setClientTelephony',
    tag: 'Admin',
    summary: 'Set a client’s Exotel account (key and token are write-only)',
    auth: 'admin',
    pathParams: clientId,
    body: { schema: TelephonySettingsRequest, required: true },
    success: {
      status: 200,
      description: 'The settings, without secrets',
      json: json('TelephonySettingsResponse'),
    },
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/api/admin/clients/{id}/telephony',
    operationId: 'getClientTelephony',
    tag: 'Admin',
    summary: 'A client’s Exotel settings, without secrets',
    auth: 'admin',
    pathParams: clientId,
    success: { status: 200, description: 'The settings', json: json('TelephonySettingsResponse') },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/admin/clients/{id}/telephony',
    operationId: 'deleteClientTelephony',
    tag: 'Admin',
    summary: 'Remove a client’s Exotel settings (back to the simulator)',
    auth: 'admin',
    pathParams: clientId,
    success: { status: 204, description: 'Removed' },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/ribbon/calls',
    operationId: 'startCall',
    tag: 'Telephony',
    summary: 'Place an outbound call through the client’s Exotel account',
    description:
      'Exotel rings the agent first, then the customer. Progress arrives as call events (status callbacks) on the live stream and in the call logs.',
    auth: 'apiKey',
    body: { schema: StartCallRequest, required: true },
    success: { status: 201, description: 'The call was placed', json: json('StartCallResponse') },
    errors: [400, 409, 413, 429, 502, 504],
  },
  {
    method: 'post',
    path: '/api/webhooks/exotel/{secret}',
    operationId: 'exotelStatusCallback',
    tag: 'Telephony',
    summary: 'Exotel status callbacks',
    description:
      'The secret in the path names the client (Exotel does not sign callbacks). Multipart, urlencoded or JSON, as Exotel sends them.',
    auth: 'none',
    pathParams: { secret: 'The client’s callback secret, part of the StatusCallback URL' },
    body: {
      schema: z.record(z.string(), z.unknown()),
      required: true,
      mediaTypes: ['multipart/form-data', 'application/x-www-form-urlencoded', 'application/json'],
    },
    success: {
      status: 200,
      description: 'What the callback changed',
      json: json('ProviderCallbackResponse'),
    },
    errors: [400, 404, 413, 415],
  },
  {
    method: 'post',
    path: '/api/ribbon/stream/token',
    operationId: 'issueStreamToken',
    tag: 'Live',
    summary: 'A short-lived token for EventSource, which cannot send headers',
    auth: 'apiKey',
    success: { status: 200, description: 'The token', json: json('StreamTokenResponse') },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/ribbon/stream',
    operationId: 'liveStream',
    tag: 'Live',
    summary: 'The client’s call events as server-sent events',
    description:
      'Authenticated by `X-API-Key` or `?token=` from `POST /api/ribbon/stream/token`. Resumes after `Last-Event-ID`.',
    auth: 'apiKey',
    query: z.object({
      token: z
        .string()
        .optional()
        .meta({ description: 'From `POST /api/ribbon/stream/token`, instead of the key' }),
      lastEventId: z
        .string()
        .optional()
        .meta({ description: 'Resume after this event (or the Last-Event-ID header)' }),
    }),
    success: {
      status: 200,
      description: 'An endless event stream',
      alternatives: {
        'text/event-stream': { type: 'string', description: '`ready`, call events, `resync`' },
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/sdk/{file}',
    operationId: 'ribbonBundle',
    tag: 'Service',
    summary: 'The ribbon’s script-tag bundle and its source map',
    auth: 'none',
    pathParams: { file: 'The bundle file name, e.g. `exotel-call-ribbon.js`' },
    success: {
      status: 200,
      description: 'The file, cacheable, open to any origin',
      alternatives: { 'text/javascript': { type: 'string', description: 'The IIFE bundle' } },
    },
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/api/crm/settings',
    operationId: 'getCrmSettings',
    tag: 'CRM records',
    summary: 'Dashboard settings: the GST home state',
    auth: 'apiKey',
    success: { status: 200, description: 'The settings', json: json('CrmSettings') },
    errors: [],
  },
  {
    method: 'put',
    path: '/api/crm/settings',
    operationId: 'setCrmSettings',
    tag: 'CRM records',
    summary: 'Set the GST home state',
    auth: 'apiKey',
    body: { schema: CrmSettings, required: true },
    success: { status: 200, description: 'The settings', json: json('CrmSettings') },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/crm/{entity}',
    operationId: 'listCrmRecords',
    tag: 'CRM records',
    summary: 'One page of the client’s records of a kind',
    auth: 'apiKey',
    pathParams: { entity: entityParam },
    query: CrmListQuery,
    success: { status: 200, description: 'The records', json: json('CrmListResponse') },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/api/crm/{entity}',
    operationId: 'upsertCrmRecords',
    tag: 'CRM records',
    summary: 'Create or update up to 1000 records at once; all are stored, or none',
    auth: 'apiKey',
    pathParams: { entity: entityParam },
    body: { schema: CrmBulkRequest, required: true },
    success: { status: 200, description: 'How many were created and updated', json: json('CrmBulkResponse') },
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/api/crm/{entity}/{id}',
    operationId: 'getCrmRecord',
    tag: 'CRM records',
    summary: 'One record',
    auth: 'apiKey',
    pathParams: { entity: entityParam, id: 'The record’s id in the CRM' },
    success: { status: 200, description: 'The record', json: anyCrmRecord },
    errors: [404],
  },
  {
    method: 'put',
    path: '/api/crm/{entity}/{id}',
    operationId: 'putCrmRecord',
    tag: 'CRM records',
    summary: 'Create or replace one record (201 when created)',
    auth: 'apiKey',
    pathParams: { entity: entityParam, id: 'The record’s id in the CRM' },
    body: { json: anyCrmRecord, required: true },
    success: { status: 200, description: 'The stored record', json: anyCrmRecord },
    errors: [400, 404, 413],
  },
  {
    method: 'delete',
    path: '/api/crm/{entity}/{id}',
    operationId: 'deleteCrmRecord',
    tag: 'CRM records',
    summary: 'Delete one record',
    auth: 'apiKey',
    pathParams: { entity: entityParam, id: 'The record’s id in the CRM' },
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  },
];

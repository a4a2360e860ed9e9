import { z } from 'zod';
import { DateFilter, IsoDateTime, PageParam, wellFormed } from './common.ts';
import { CallDirection } from './events.ts';

/**
 * The state of a call derived from its events. Live: dialing, ringing (outbound, the far
 * end rings), incoming (inbound, the agent's side rings), connected, on-hold. Final:
 * completed (was connected), missed (never connected), rejected, failed.
 */
export const CALL_STATUSES = [
  'dialing',
  'ringing',
  'incoming',
  'connected',
  'on-hold',
  'completed',
  'missed',
  'rejected',
  'failed',
] as const;
export const CallStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatus>;

/** A call as every listing returns it. `duration` is talk time in seconds. */
export const Call = z.object({
  callId: z.string(),
  direction: CallDirection,
  status: CallStatus,
  phoneNumber: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  agentId: z.string().nullable(),
  startTime: IsoDateTime,
  answerTime: IsoDateTime.nullable(),
  endTime: IsoDateTime.nullable(),
  duration: z.number().min(0),
  disposition: z.string().nullable(),
  notes: z.string().nullable(),
  recordingUrl: z.string().nullable(),
});
export type Call = z.infer<typeof Call>;

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** Query of `GET /api/ribbon/call-logs`. */
export const CallLogsQuery = z.object({
  page: PageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  startDate: DateFilter.optional(),
  endDate: DateFilter.optional(),
  customerId: z.string().min(1).max(200).optional(),
  callDirection: CallDirection.optional(),
  status: CallStatus.optional(),
});
export type CallLogsQuery = z.input<typeof CallLogsQuery>;

export const Pagination = z.object({
  page: z.int().min(1),
  pageSize: z.int().min(1),
  total: z.int().min(0),
  totalPages: z.int().min(0),
});
export type Pagination = z.infer<typeof Pagination>;

export const CallLogsResponse = z.object({
  logs: z.array(Call),
  pagination: Pagination,
});
export type CallLogsResponse = z.infer<typeof CallLogsResponse>;

/** `GET /api/ribbon/active-calls`: calls not yet ended and not stale. */
export const ActiveCallsResponse = z.object({
  count: z.int().min(0),
  calls: z.array(Call),
});
export type ActiveCallsResponse = z.infer<typeof ActiveCallsResponse>;

/** `POST /api/ribbon/calls`: place an outbound call through the tenant's telephony. */
export const StartCallRequest = z.object({
  to: z.string().min(3).max(50),
  customerId: wellFormed(z.string().min(1).max(200)).optional(),
  agentId: wellFormed(z.string().min(1).max(200)).optional(),
});
export type StartCallRequest = z.infer<typeof StartCallRequest>;

export const StartCallResponse = z.object({
  callId: z.string(),
  providerCallSid: z.string().nullable(),
  status: CallStatus,
});
export type StartCallResponse = z.infer<typeof StartCallResponse>;

/** Query of `GET /api/ribbon/export/calls`. */
export const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  startDate: DateFilter.optional(),
  endDate: DateFilter.optional(),
  customerId: z.string().min(1).max(200).optional(),
  callDirection: CallDirection.optional(),
  status: CallStatus.optional(),
});
export type ExportQuery = z.input<typeof ExportQuery>;

/** The columns of the CSV export, in order. */
export const EXPORT_COLUMNS = [
  'callId',
  'direction',
  'status',
  'phoneNumber',
  'customerId',
  'customerName',
  'agentId',
  'startTime',
  'answerTime',
  'endTime',
  'duration',
  'disposition',
  'notes',
  'recordingUrl',
] as const satisfies readonly (keyof Call)[];

// Compile-time tests, checked by `pnpm typecheck` (never run): every `@ts-expect-error` must
// meet an error, so a response field that stops being typed fails the build.
import { type CallEvent, createAdminClient, createClient, isApiError, isRateLimitError } from './index.ts';

const client = createClient({ apiKey: 'key', apiUrl: 'https://calls.example.com' });

export const responses = async () => {
  const analytics = await client.analytics.summary();
  const total: number = analytics.summary.totalCalls;
  // @ts-expect-error a misspelt response field does not compile
  analytics.summary.totalCals;

  const detailed = await client.analytics.detailed({ startDate: '2025-10-01', endDate: '2025-10-31' });
  const nine: number = detailed.callsByHour['9'];
  const monday: number = detailed.callsByDayOfWeek.Monday;
  // @ts-expect-error only the seven day names are keys
  detailed.callsByDayOfWeek.Mon;

  const { logs, pagination } = await client.calls.list({
    status: 'missed',
    callDirection: 'inbound',
    page: 2,
  });
  const phone: string = logs[0]!.phoneNumber;
  const pages: number = pagination.totalPages;
  // @ts-expect-error callDirection is inbound or outbound
  await client.calls.list({ callDirection: 'sideways' });

  const sales = await client.dashboards.sales();
  const won: string = sales.kpis.dealsWon;
  // @ts-expect-error the seed's field is dealsWon
  sales.kpis.dealWon;

  const billing = await client.dashboards.billing();
  // @ts-expect-error not a field of the billing dashboard
  billing.invoicez;

  const admin = createAdminClient({ adminToken: 't', apiUrl: 'https://calls.example.com' });
  const { apiKey } = await admin.clients.create({ name: 'Acme' });

  return [total, nine, monday, phone, pages, won, apiKey];
};

export const requests = async (event: CallEvent) => {
  await client.calls.log([event, event], { retry: true });
  // @ts-expect-error an event without its eventId cannot be logged
  await client.calls.log({ ...event, eventId: undefined });
  // @ts-expect-error the export format is csv or json
  await client.exports.calls.text({ format: 'xml' });
  // @ts-expect-error customerId is required
  await client.customers.save({ name: 'Rajesh Kumar' });
};

export const errors = (error: unknown) => {
  if (isRateLimitError(error)) {
    const wait: number | null = error.retryAfter;
    return wait;
  }
  if (isApiError(error)) {
    const status: number = error.status;
    // @ts-expect-error only a RateLimitError has retryAfter
    error.retryAfter;
    return status;
  }
  return null;
};

import type { Usage } from '@call-ribbon/contract';
import { localTime, offsetMs } from './calls/time-zone.ts';
import { countCalls } from './services/analytics.ts';
import type { Stores, Tenant } from './stores/index.ts';

/** The instant local midnight starts on `year-month-01` in `timeZone` (`month` 1-12, may overflow). */
const monthStart = (year: number, month: number, timeZone: string): Date => {
  const wallClockMidnight = Date.UTC(year, month - 1, 1);
  const first = wallClockMidnight - offsetMs(timeZone, wallClockMidnight);
  // A second pass settles the offset when a DST change falls between the guess and the answer.
  return new Date(wallClockMidnight - offsetMs(timeZone, first));
};

/**
 * The calendar month containing `now` in `timeZone`, as UTC instants `[start, end)`.
 * In Asia/Kolkata November starts at 2025-10-31T18:30:00Z.
 */
export const monthInTimeZone = (now: Date, timeZone: string): { start: Date; end: Date } => {
  const [year, month] = localTime(timeZone, now.getTime()).day.split('-').map(Number) as [number, number];
  return { start: monthStart(year, month, timeZone), end: monthStart(year, month + 1, timeZone) };
};

/** Usage against the monthly limit; calls beyond it are stored, so `remaining` stops at zero. */
export const usageOf = (callsThisMonth: number, limit: number): Usage => ({
  callsThisMonth,
  limit,
  remaining: Math.max(0, limit - callsThisMonth),
});

/** The month's calls as the rollups count them (logged by the ribbon or placed here). */
const countedCallsThisMonth = async (
  stores: Pick<Stores, 'callStats'>,
  tenant: Tenant,
  month: { start: Date; end: Date },
): Promise<number> =>
  countCalls(
    await stores.callStats.cells(tenant.id, { from: month.start.getTime(), to: month.end.getTime() }),
  );

/**
 * Calls started this month in the tenant's time zone, against its limit (read from the
 * rollups, or the call slots taken when more: calls Exotel is still being asked about).
 */
export const usageForTenant = async (
  stores: Pick<Stores, 'callStats' | 'telephony'>,
  tenant: Tenant,
  now: Date,
): Promise<Usage> => {
  const month = monthInTimeZone(now, tenant.timezone);
  const [counted, slots] = await Promise.all([
    countedCallsThisMonth(stores, tenant, month),
    stores.telephony.callSlotsTaken(tenant.id, month.start.getTime()),
  ]);
  return usageOf(Math.max(counted, slots), tenant.monthlyCallLimit);
};

/**
 * Takes one call of the tenant's monthly limit before Exotel is asked, in one atomic
 * statement, so concurrent requests on any instance never place more than the limit.
 * Resolves with the function that gives the slot back (Exotel refused the call), or
 * undefined when the limit is reached.
 */
export const reserveMonthlyCall = async (
  stores: Pick<Stores, 'callStats' | 'telephony'>,
  tenant: Tenant,
  now: Date,
): Promise<(() => Promise<void>) | undefined> => {
  const month = monthInTimeZone(now, tenant.timezone);
  const monthStartMs = month.start.getTime();
  const counted = await countedCallsThisMonth(stores, tenant, month);
  const reserved = await stores.telephony.reserveCallSlot(
    tenant.id,
    monthStartMs,
    tenant.monthlyCallLimit,
    counted,
  );
  return reserved ? () => stores.telephony.releaseCallSlot(tenant.id, monthStartMs) : undefined;
};

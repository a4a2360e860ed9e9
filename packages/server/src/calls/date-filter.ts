import { HttpError } from '../http/errors.ts';

const DAY_MS = 86_400_000;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How much of time an inclusive end takes in: a whole minute (`T23:59Z`), a whole second (`:59Z`, `:59.000Z`), else 1 ms. */
const inclusiveMs = (dateTime: string, ms: number): number => {
  if (!/T\d{2}:\d{2}:\d{2}/.test(dateTime)) return 60_000;
  return ms % 1000 === 0 ? 1000 : 1;
};

/**
 * Turns the `startDate`/`endDate` filters into a UTC range [from, to). A plain date is a
 * UTC day: `startDate` from its midnight, `endDate` through its end. A date-time
 * `endDate` is inclusive: at a whole second (`2025-10-31T23:59:59Z` or `…59.000Z`) it takes
 * in the whole of that second, so the range ends at the next midnight.
 */
export const dateRange = (
  startDate: string | undefined,
  endDate: string | undefined,
): { from?: number | undefined; to?: number | undefined } => {
  const parse = (name: string, value: string): number => {
    const ms = Date.parse(PLAIN_DATE.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms)) throw new HttpError(400, `Invalid query: ${name}: not a real date`);
    return ms;
  };
  const endOf = (ms: number, value: string) =>
    ms + (PLAIN_DATE.test(value) ? DAY_MS : inclusiveMs(value, ms));
  const from = startDate === undefined ? undefined : parse('startDate', startDate);
  const to = endDate === undefined ? undefined : endOf(parse('endDate', endDate), endDate);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new HttpError(400, 'Invalid query: startDate: must not be after endDate');
  }
  return { from, to };
};

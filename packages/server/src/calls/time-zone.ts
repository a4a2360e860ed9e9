const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SLOT = 15 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether `timeZone` is an IANA zone this runtime knows. */
export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** Milliseconds to add to a UTC instant to get the wall-clock time of `timeZone`. */
export const offsetMs = (timeZone: string, ms: number): number => {
  // Zone offsets change only on quarter-hour boundaries, so one lookup serves a whole slot.
  const slot = Math.floor(ms / SLOT);
  let cache = offsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsets.set(timeZone, cache);
  }
  const cached = cache.get(slot);
  if (cached !== undefined) return cached;
  const instant = slot * SLOT;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0..99 as they are.
  date.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  date.setUTCHours(parts.hour!, parts.minute!);
  const wall = date.getTime();
  const offset = wall - instant;
  if (cache.size > 200_000) cache.clear();
  cache.set(slot, offset);
  return offset;
};

const mod = (value: number, divisor: number) => ((value % divisor) + divisor) % divisor;

/** Start (UTC ms) of the local wall-clock hour that contains `ms`. */
export const hourStart = (timeZone: string, ms: number): number =>
  ms - mod(ms + offsetMs(timeZone, ms), HOUR);

/** Start (UTC ms) of the next local hour after the one containing `ms`. */
export const nextHourStart = (timeZone: string, ms: number): number =>
  hourStart(timeZone, hourStart(timeZone, ms) + 1.5 * HOUR);

/** Start (UTC ms) of the local day that contains `ms` (right across daylight-saving changes). */
export const dayStart = (timeZone: string, ms: number): number => {
  const offset = offsetMs(timeZone, ms);
  const localMidnight = ms + offset - mod(ms + offset, DAY);
  const candidate = localMidnight - offset;
  const offsetThen = offsetMs(timeZone, candidate);
  return offsetThen === offset ? candidate : localMidnight - offsetThen;
};

/** Start (UTC ms) of the next local day. */
export const nextDayStart = (timeZone: string, ms: number): number =>
  dayStart(timeZone, dayStart(timeZone, ms) + 25 * HOUR);

export interface LocalTime {
  /** Local date, `YYYY-MM-DD`. */
  day: string;
  /** Hour of day, 0..23. */
  hour: number;
  /** Day of week, 0 = Sunday. */
  dayOfWeek: number;
}

/** Wall-clock date, hour and weekday of an instant in `timeZone`. */
export const localTime = (timeZone: string, ms: number): LocalTime => {
  const wall = new Date(ms + offsetMs(timeZone, ms));
  return {
    day: wall.toISOString().slice(0, 10),
    hour: wall.getUTCHours(),
    dayOfWeek: wall.getUTCDay(),
  };
};

export interface TimeRange {
  /** Inclusive start, UTC ms; undefined = from the beginning. */
  from?: number | undefined;
  /** Exclusive end, UTC ms; undefined = no end. */
  to?: number | undefined;
}

/** Start (UTC ms) of the local calendar month that contains `ms`. */
export const monthStart = (timeZone: string, ms: number): number => {
  const wall = new Date(ms + offsetMs(timeZone, ms));
  const localMidnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), 1);
  // A few hours into the 1st, whatever daylight saving does around midnight, then back to its start.
  return dayStart(timeZone, localMidnight - offsetMs(timeZone, localMidnight) + 3 * HOUR);
};

/** Start (UTC ms) of the next local month. */
export const nextMonthStart = (timeZone: string, ms: number): number =>
  monthStart(timeZone, monthStart(timeZone, ms) + 32 * DAY);

/** Inclusive range of local keys (`YYYY-MM-DD` days or `YYYY-MM` months); undefined ends are open. */
export interface KeyRange {
  first?: string | undefined;
  last?: string | undefined;
}

/**
 * How a time range is answered from aggregates: whole local months (when asked for) and
 * whole local days from the monthly and daily tables, whole local hours (when asked for)
 * from the hourly table, and the rest from the calls themselves.
 */
export interface RangePlan {
  months: KeyRange | null;
  days: KeyRange[];
  /** The same whole days as UTC ms spans, infinite where the range is open. */
  daySpans: [number, number][];
  hours: [number, number][];
  raw: [number, number][];
}

const aligned = (start: (ms: number) => number, next: (ms: number) => number, from: number | undefined) =>
  from === undefined ? -Infinity : start(from) === from ? from : next(from);

export const planRange = (
  timeZone: string,
  range: TimeRange,
  levels: { months?: boolean; hours?: boolean } = { hours: true },
): RangePlan => {
  const plan: RangePlan = { months: null, days: [], daySpans: [], hours: [], raw: [] };
  const { from, to } = range;
  if (from !== undefined && to !== undefined && from >= to) return plan;

  // Splits [a, b) into its whole units (from `whole`) and what is left at either edge.
  const split = (
    a: number | undefined,
    b: number | undefined,
    start: (ms: number) => number,
    next: (ms: number) => number,
    whole: (first: number, end: number) => void,
    rest: (a: number, b: number) => void,
  ) => {
    const first = aligned(start, next, a);
    const end = b === undefined ? Infinity : start(b);
    if (first < end) {
      whole(first, end);
      if (a !== undefined && a < first) rest(a, first);
      if (b !== undefined && end < b) rest(end, b);
    } else rest(a!, b!);
  };
  const key = (ms: number, length: number) =>
    Number.isFinite(ms) ? localTime(timeZone, ms).day.slice(0, length) : undefined;
  const hours = (a: number, b: number) => {
    if (!levels.hours) {
      plan.raw.push([a, b]);
      return;
    }
    split(
      a,
      b,
      (ms) => hourStart(timeZone, ms),
      (ms) => nextHourStart(timeZone, ms),
      (first, end) => plan.hours.push([first, end]),
      (x, y) => plan.raw.push([x, y]),
    );
  };
  const days = (a: number | undefined, b: number | undefined) =>
    split(
      a,
      b,
      (ms) => dayStart(timeZone, ms),
      (ms) => nextDayStart(timeZone, ms),
      (first, end) => {
        plan.days.push({ first: key(first, 10), last: key(end - 1, 10) });
        plan.daySpans.push([first, end]);
      },
      hours,
    );
  if (levels.months) {
    split(
      from,
      to,
      (ms) => monthStart(timeZone, ms),
      (ms) => nextMonthStart(timeZone, ms),
      (first, end) => {
        plan.months = { first: key(first, 7), last: key(end - 1, 7) };
      },
      days,
    );
  } else days(from, to);
  return plan;
};

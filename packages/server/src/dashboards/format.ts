/**
 * The seed's display conventions, derived: Indian currency in K / lakhs / crores, Indian
 * digit grouping, percentages, durations and relative times. Pure functions.
 */
import { daysBetween, localDate, localParts, MONTHS_SHORT } from './time.ts';

/** Drops trailing zeros of a fixed-point string: `2.50` -> `2.5`, `3.00` -> `3`. */
const trimZeros = (fixed: string): string =>
  fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;

const UNITS: readonly [number, string][] = [
  [1e7, 'Cr'],
  [1e5, 'L'],
  [1e3, 'K'],
];

/**
 * Rupees in the largest unit (Cr, L, K) worth at least 1, rounded half up to two decimals with
 * trailing zeros dropped: `6802000` -> `68.02L`, `45300` -> `45.3K`, `850` -> `850`. A value
 * that rounds up to 100 of a unit moves to the next one (`99999` -> `1L`).
 */
export const compactRupees = (rupees: number): string => {
  const abs = Math.abs(rupees);
  const sign = rupees < 0 && Math.round(abs) > 0 ? '-' : '';
  if (Math.round(abs) < 1000) return `${sign}${Math.round(abs)}`;
  // The unit is the largest one not above the value; rounding up to 100 of it moves one unit up.
  const found = UNITS.findIndex(([unit]) => abs >= unit);
  const index = found === -1 ? UNITS.length - 1 : found;
  const at = (i: number) => {
    const [unit, suffix] = UNITS[i]!;
    return { hundredths: Math.round((abs * 100) / unit), suffix };
  };
  let { hundredths, suffix } = at(index);
  if (hundredths >= 10_000 && index > 0) ({ hundredths, suffix } = at(index - 1));
  return `${sign}${trimZeros((hundredths / 100).toFixed(2))}${suffix}`;
};

/** `₹ 68.02L` (sales, billing); `{ space: false }` gives `₹42.8L` (account management). */
export const formatInr = (rupees: number, options: { space?: boolean } = {}): string => {
  const compact = compactRupees(rupees);
  const symbol = options.space === false ? '₹' : '₹ ';
  return compact.startsWith('-') ? `-${symbol}${compact.slice(1)}` : `${symbol}${compact}`;
};

const indianGrouping = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0, signDisplay: 'negative' });

/** Whole rupees grouped the Indian way: `125000` -> `1,25,000`, `12345678` -> `1,23,45,678`. */
export const formatIndianNumber = (value: number): string => indianGrouping.format(Math.round(value));

/** Rupees as lakhs, a number with two decimals (chart series): `4230000` -> `42.3`. */
export const lakhs = (rupees: number): number => Math.round(rupees / 1000) / 100;

/** Rupees as a lakhs string without unit (aging buckets): `250000` -> `"2.5"`, `0` -> `"0"`. */
export const lakhsText = (rupees: number): string => trimZeros(lakhs(rupees).toFixed(2));

/** Rounds to `digits` decimals, half away from zero. */
export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
};

/** `part / whole` in percent; 0 when there is nothing to divide by. */
export const percentOf = (part: number, whole: number): number => (whole > 0 ? (part / whole) * 100 : 0);

/** `92.4%` (one decimal by default), `87%` with `digits = 0`. */
export const formatPercent = (percent: number, digits = 1): string =>
  `${round(percent, digits).toFixed(digits)}%`;

/** Mean of the values; 0 for none. */
export const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Minutes as `8 min`; from two hours on, hours (`2.5 hrs`). */
export const formatMinutes = (minutes: number): string =>
  minutes >= 120 ? formatHours(minutes / 60) : `${Math.round(minutes)} min`;

/** Hours with one decimal: `2.4 hrs`. */
export const formatHours = (hours: number): string => `${round(hours, 1)} hrs`;

/** Days with one decimal: `2.3 days`. */
export const formatDays = (days: number): string =>
  `${round(days, 1)} ${round(days, 1) === 1 ? 'day' : 'days'}`;

/** An elapsed time as `45m`, `4h 15m`, `3d 2h`. */
export const formatAge = (milliseconds: number): string => {
  const minutes = Math.max(0, Math.floor(milliseconds / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
};

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** `just now`, `9 minutes ago`, `2 hours ago`, `1 day ago`, `3 months ago` (or `in 2 hours`). */
export const formatTimeAgo = (then: Date, now: Date): string => {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  const abs = Math.abs(seconds);
  let text: string;
  if (abs < 60) return 'just now';
  if (abs < 3600) text = plural(Math.floor(abs / 60), 'minute');
  else if (abs < 86_400) text = plural(Math.floor(abs / 3600), 'hour');
  else if (abs < 30 * 86_400) text = plural(Math.floor(abs / 86_400), 'day');
  else if (abs < 365 * 86_400) text = plural(Math.floor(abs / (30 * 86_400)), 'month');
  else text = plural(Math.floor(abs / (365 * 86_400)), 'year');
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
};

/** Wall-clock time in the zone: `2:30 PM`. */
export const formatClock = (instant: Date, timeZone: string): string => {
  const { hour, minute } = localParts(instant, timeZone);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'}`;
};

/** `Today, 2:30 PM`, `Tomorrow, 10:00 AM`, `Yesterday, 6:00 PM`, else `12 Oct, 2:30 PM`. */
export const formatDueTime = (due: Date, now: Date, timeZone: string): string =>
  `${formatDay(localDate(due, timeZone), now, timeZone, false)}, ${formatClock(due, timeZone)}`;

/**
 * A calendar date relative to today in the zone: `Today`, `Tomorrow`, `Yesterday`; other dates
 * as `In 3 days` / `3 days overdue` when `relative`, else as `12 Oct` (`12 Oct 2024` in another year).
 */
export const formatDay = (date: string, now: Date, timeZone: string, relative = true): string => {
  const today = localDate(now, timeZone);
  const days = daysBetween(today, date);
  if (days === 0) return 'Today';
  if (days === 1) return 'Tomorrow';
  if (days === -1) return 'Yesterday';
  if (relative) return days > 0 ? `In ${days} days` : `${-days} days overdue`;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const label = `${d} ${MONTHS_SHORT[m - 1]}`;
  return y === Number(today.slice(0, 4)) ? label : `${label} ${y}`;
};

/** Initials of a name, for pipeline cards: `Tanvi R Mehta` -> `TRM`. */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');

/** First name and last initial: `Rajesh Kumar` -> `Rajesh K`. */
export const shortName = (name: string): string => {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length < 2 ? name : `${words[0]} ${words[words.length - 1]?.[0] ?? ''}`;
};

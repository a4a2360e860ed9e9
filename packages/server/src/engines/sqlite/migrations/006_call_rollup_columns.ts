/**
 * The call rollup columns say what they hold: `talk` is milliseconds, `b0..b4` are the
 * talk-time buckets of completed calls, `h0..h23` the local hours, `d0..d6` the weekdays
 * (Sunday first), `hod` / `dow` the hour and weekday a cell lies in.
 */
const TALK_BUCKETS = ['talk_0_30s', 'talk_30s_2m', 'talk_2m_5m', 'talk_5m_15m', 'talk_15m_up'];
const WEEKDAYS = ['dow_sun', 'dow_mon', 'dow_tue', 'dow_wed', 'dow_thu', 'dow_fri', 'dow_sat'];
const hour = (h: number) => `hour_${String(h).padStart(2, '0')}`;

const rename = (table: string, pairs: [string, string][]) =>
  pairs.map(([from, to]) => `ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to};`).join('\n');

const talkMs: [string, string][] = [['talk', 'talk_ms']];
const buckets: [string, string][] = TALK_BUCKETS.map((name, b) => [`b${b}`, name]);
const hours: [string, string][] = Array.from({ length: 24 }, (_, h) => [`h${h}`, hour(h)]);
const weekdays: [string, string][] = WEEKDAYS.map((name, d) => [`d${d}`, name]);

export const up = [
  rename('call_stats_hourly', [...talkMs, ...buckets, ['hod', 'hour_of_day'], ['dow', 'day_of_week']]),
  rename('call_stats_daily', [...talkMs, ...buckets, ...hours, ['dow', 'day_of_week']]),
  rename('call_stats_totals', [...talkMs, ...buckets, ...hours, ...weekdays]),
  rename('call_stats_customers', talkMs),
  rename('call_stats_customers_daily', talkMs),
  rename('call_stats_customers_monthly', talkMs),
].join('\n');

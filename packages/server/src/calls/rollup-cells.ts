import type { CallDirection, CallStatus } from '@call-ribbon/contract';
import { hourStart, type LocalTime, localTime } from './time-zone.ts';

/**
 * The one description of the call rollups: which cells a call counts in and with which
 * values. Ingest, bulk import and rebuild all write these cells, on every engine.
 */

/** Hour-of-day and weekday spreads are in this zone unless the tenant names another. */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

/** Talk-time buckets of completed calls; a call below `belowSeconds` (and above the previous bound) falls in it. */
export const TALK_BUCKETS = [
  { column: 'talk_0_30s', belowSeconds: 30 },
  { column: 'talk_30s_2m', belowSeconds: 120 },
  { column: 'talk_2m_5m', belowSeconds: 300 },
  { column: 'talk_5m_15m', belowSeconds: 900 },
  { column: 'talk_15m_up', belowSeconds: Infinity },
] as const;
export const TALK_BUCKET_COLUMNS: readonly string[] = TALK_BUCKETS.map((bucket) => bucket.column);
/** Calls per local hour of the day, `hour_00` .. `hour_23`. */
export const HOUR_COLUMNS: readonly string[] = Array.from(
  { length: 24 },
  (_, hour) => `hour_${String(hour).padStart(2, '0')}`,
);
/** Calls per local weekday, Sunday first. */
export const WEEKDAY_COLUMNS: readonly string[] = [
  'dow_sun',
  'dow_mon',
  'dow_tue',
  'dow_wed',
  'dow_thu',
  'dow_fri',
  'dow_sat',
];

/** Index of the talk-time bucket of a call, or -1 when it does not count (not a completed call). */
export const durationBucket = (status: CallStatus, duration: number): number =>
  status === 'completed' ? TALK_BUCKETS.findIndex((bucket) => duration < bucket.belowSeconds) : -1;

/** Talk time as the rollups keep it: whole milliseconds. */
export const talkMsOf = (durationSeconds: number): number => Math.round(durationSeconds * 1000);

/** One rollup table: the columns that name a cell, and how each other column changes. */
export interface Rollup {
  readonly table: string;
  /** Columns after `tenant_id` that name one cell. */
  readonly key: readonly string[];
  /** Written when the cell is created; they follow from the key. */
  readonly fixed: readonly string[];
  /** The latest non-null value written wins (a customer's name). */
  readonly latest: readonly string[];
  /** The greatest value written wins (a time). */
  readonly greatest: readonly string[];
  /** Summed: what the cell counts. */
  readonly counts: readonly string[];
}

const rollup = (table: string, parts: Partial<Omit<Rollup, 'table'>>): Rollup => ({
  table,
  key: [],
  fixed: [],
  latest: [],
  greatest: [],
  counts: [],
  ...parts,
});

/** Every rollup counts `calls` first and, where it keeps talk time, `talk_ms` second. */
const CALLS_AND_TALK = ['calls', 'talk_ms'];

export const ROLLUPS = {
  /** Per local hour (`hour_key`: its start, UTC ms), direction and status. */
  hourly: rollup('call_stats_hourly', {
    key: ['hour_key', 'direction', 'status'],
    fixed: ['hour_of_day', 'day_of_week'],
    counts: [...CALLS_AND_TALK, ...TALK_BUCKET_COLUMNS],
  }),
  /** Per local day (`YYYY-MM-DD`), direction and status, with the hours of the day. */
  daily: rollup('call_stats_daily', {
    key: ['day_key', 'direction', 'status'],
    fixed: ['day_of_week'],
    counts: [...CALLS_AND_TALK, ...TALK_BUCKET_COLUMNS, ...HOUR_COLUMNS],
  }),
  /** All of history per direction and status: the all-time figures in one read. */
  totals: rollup('call_stats_totals', {
    key: ['direction', 'status'],
    counts: [...CALLS_AND_TALK, ...TALK_BUCKET_COLUMNS, ...HOUR_COLUMNS, ...WEEKDAY_COLUMNS],
  }),
  customers: rollup('call_stats_customers', {
    key: ['customer_id'],
    latest: ['customer_name'],
    counts: CALLS_AND_TALK,
  }),
  customersDaily: rollup('call_stats_customers_daily', {
    key: ['day_key', 'customer_id'],
    counts: CALLS_AND_TALK,
  }),
  /** Per local month (`YYYY-MM`), so long ranges of top customers read few rows. */
  customersMonthly: rollup('call_stats_customers_monthly', {
    key: ['month_key', 'customer_id'],
    counts: CALLS_AND_TALK,
  }),
  /** Calls an agent made or took per local day, and how many of them connected. */
  agentsDaily: rollup('call_stats_agents_daily', {
    key: ['day_key', 'agent_id'],
    counts: ['calls', 'connected'],
  }),
  /** One row per tenant: the zone the cells are kept in, all-time calls and latest event. */
  tenant: rollup('call_stats_tenants', {
    fixed: ['timezone'],
    greatest: ['last_activity_ms'],
    counts: ['calls'],
  }),
} as const satisfies Record<string, Rollup>;

/** Where a call counts in time: the local hour and day its start lies in. */
export interface CallPlacement {
  /** Start of the local hour, UTC ms. */
  hourKey: number;
  /** Local day, `YYYY-MM-DD`. */
  dayKey: string;
}

export const placeCall = (timeZone: string, startMs: number): CallPlacement => ({
  hourKey: hourStart(timeZone, startMs),
  dayKey: localTime(timeZone, startMs).day,
});

/** What the rollups need to know of a call. */
export interface RolledCall extends CallPlacement {
  direction: CallDirection;
  status: CallStatus;
  /** Talk time, seconds. */
  duration: number;
  customerId: string | null;
  customerName: string | null;
  agentId: string | null;
  connected: boolean;
  lastEventMs: number;
}

/** One change to one cell. */
export interface RollupCell {
  readonly rollup: Rollup;
  /** Values of `rollup.key`, in order. */
  readonly key: readonly (string | number)[];
  readonly fixed: readonly (string | number)[];
  /** null: this change says nothing of the value. */
  readonly latest: readonly (string | null)[];
  readonly greatest: readonly (number | null)[];
  /** Amounts added to `rollup.counts`, by column index; absent columns add nothing. */
  readonly add: readonly (readonly [column: number, amount: number])[];
}

const countIndex = (target: Rollup, column: string): number => {
  const index = target.counts.indexOf(column);
  if (index === -1) throw new Error(`${target.table} has no count column ${column}`);
  return index;
};
const CALLS = countIndex(ROLLUPS.hourly, 'calls');
const TALK = countIndex(ROLLUPS.hourly, 'talk_ms');
const HOURLY_BUCKET = countIndex(ROLLUPS.hourly, TALK_BUCKET_COLUMNS[0]!);
const DAILY_BUCKET = countIndex(ROLLUPS.daily, TALK_BUCKET_COLUMNS[0]!);
const DAILY_HOUR = countIndex(ROLLUPS.daily, HOUR_COLUMNS[0]!);
const TOTALS_BUCKET = countIndex(ROLLUPS.totals, TALK_BUCKET_COLUMNS[0]!);
const TOTALS_HOUR = countIndex(ROLLUPS.totals, HOUR_COLUMNS[0]!);
const TOTALS_WEEKDAY = countIndex(ROLLUPS.totals, WEEKDAY_COLUMNS[0]!);
const AGENT_CONNECTED = countIndex(ROLLUPS.agentsDaily, 'connected');

let lastHour: { timeZone: string; hourKey: number; local: LocalTime } | undefined;
/** `localTime` of an hour start, remembered for the next call: calls written together mostly share their hour. */
const localHour = (timeZone: string, hourKey: number): LocalTime => {
  if (lastHour?.hourKey !== hourKey || lastHour.timeZone !== timeZone) {
    lastHour = { timeZone, hourKey, local: localTime(timeZone, hourKey) };
  }
  return lastHour.local;
};

/**
 * The cells a call counts in, with its values times `sign`: +1 adds the call, -1 takes it
 * back out (before adding its re-derived self).
 */
export const rollupCellsOf = (call: RolledCall, timeZone: string, sign: 1 | -1): RollupCell[] => {
  const local = localHour(timeZone, call.hourKey);
  const talk = sign * talkMsOf(call.duration);
  const bucket = durationBucket(call.status, call.duration);
  const withBucket = (first: number, add: [number, number][]) =>
    bucket >= 0 ? [...add, [first + bucket, sign] as [number, number]] : add;
  const cell = (
    target: Rollup,
    key: (string | number)[],
    add: [number, number][],
    more: Partial<Pick<RollupCell, 'fixed' | 'latest' | 'greatest'>> = {},
  ): RollupCell => ({ rollup: target, key, fixed: [], latest: [], greatest: [], add, ...more });
  const { direction, status, dayKey } = call;
  const cells = [
    cell(
      ROLLUPS.hourly,
      [call.hourKey, direction, status],
      withBucket(HOURLY_BUCKET, [
        [CALLS, sign],
        [TALK, talk],
      ]),
      {
        fixed: [local.hour, local.dayOfWeek],
      },
    ),
    cell(
      ROLLUPS.daily,
      [dayKey, direction, status],
      withBucket(DAILY_BUCKET, [
        [CALLS, sign],
        [TALK, talk],
        [DAILY_HOUR + local.hour, sign],
      ]),
      { fixed: [local.dayOfWeek] },
    ),
    cell(
      ROLLUPS.totals,
      [direction, status],
      withBucket(TOTALS_BUCKET, [
        [CALLS, sign],
        [TALK, talk],
        [TOTALS_HOUR + local.hour, sign],
        [TOTALS_WEEKDAY + local.dayOfWeek, sign],
      ]),
    ),
    cell(ROLLUPS.tenant, [], [[CALLS, sign]], {
      fixed: [timeZone],
      greatest: [sign > 0 ? call.lastEventMs : null],
    }),
  ];
  if (call.customerId !== null) {
    const callsAndTalk: [number, number][] = [
      [CALLS, sign],
      [TALK, talk],
    ];
    cells.push(
      cell(ROLLUPS.customers, [call.customerId], callsAndTalk, {
        latest: [sign > 0 ? call.customerName : null],
      }),
      cell(ROLLUPS.customersDaily, [dayKey, call.customerId], callsAndTalk),
      cell(ROLLUPS.customersMonthly, [dayKey.slice(0, 7), call.customerId], callsAndTalk),
    );
  }
  if (call.agentId !== null) {
    cells.push(
      cell(
        ROLLUPS.agentsDaily,
        [dayKey, call.agentId],
        [
          [CALLS, sign],
          [AGENT_CONNECTED, call.connected ? sign : 0],
        ],
      ),
    );
  }
  return cells;
};

/** A cell with every change to it merged: written once. */
export interface MergedCell {
  readonly rollup: Rollup;
  readonly key: readonly (string | number)[];
  readonly fixed: readonly (string | number)[];
  latest: (string | null)[];
  greatest: (number | null)[];
  counts: number[];
}

/**
 * The rollup changes of one transaction (or one bulk load) for one tenant, merged per cell
 * so each cell is written once however many calls moved through it.
 */
export class RollupChanges {
  /** Per rollup table, the merged cells by key. */
  readonly #cells = new Map<Rollup, Map<string, MergedCell>>();
  #size = 0;
  /** The zone the cells are placed in (hour of day, weekday). */
  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  /** Counts a call in (sign +1) or takes it back out (sign -1). */
  add(call: RolledCall, sign: 1 | -1): void {
    for (const cell of rollupCellsOf(call, this.timeZone, sign)) this.#merge(cell);
  }

  /** Takes `old` out and counts `next` in. */
  move(old: RolledCall | null, next: RolledCall): void {
    if (old) this.add(old, -1);
    this.add(next, 1);
  }

  #merge(cell: RollupCell): void {
    let table = this.#cells.get(cell.rollup);
    if (!table) {
      table = new Map();
      this.#cells.set(cell.rollup, table);
    }
    // Only the last key part is free text (an id), so '|' cannot make two keys collide.
    const id = cell.key.length === 1 ? String(cell.key[0]) : cell.key.join('|');
    let merged = table.get(id);
    if (!merged) {
      merged = {
        rollup: cell.rollup,
        key: cell.key,
        fixed: cell.fixed,
        latest: [...cell.latest],
        greatest: [...cell.greatest],
        counts: new Array<number>(cell.rollup.counts.length).fill(0),
      };
      table.set(id, merged);
      this.#size++;
    }
    for (const [column, amount] of cell.add) merged.counts[column]! += amount;
    for (let i = 0; i < cell.latest.length; i++) {
      const value = cell.latest[i]!;
      if (value !== null) merged.latest[i] = value;
    }
    for (let i = 0; i < cell.greatest.length; i++) {
      const value = cell.greatest[i]!;
      const current = merged.greatest[i]!;
      if (value !== null && (current === null || value > current)) merged.greatest[i] = value;
    }
  }

  /** The cells to write: those whose counts or values changed. */
  *cells(): IterableIterator<MergedCell> {
    for (const table of this.#cells.values()) {
      for (const cell of table.values()) {
        if (
          cell.counts.some((value) => value !== 0) ||
          cell.latest.some((value) => value !== null) ||
          cell.greatest.some((value) => value !== null)
        ) {
          yield cell;
        }
      }
    }
  }

  /** How many cells are held. */
  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#cells.clear();
    this.#size = 0;
  }
}

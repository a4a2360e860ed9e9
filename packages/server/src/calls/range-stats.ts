/**
 * The engine-neutral half of reading a range from the call rollups: whole local days come from
 * the daily table, whole local hours from the hourly one and the partial hours at the edges
 * from `calls` (`planRange`). Each engine runs its own statements and folds their rows here.
 */
import type { CallDirection, CallStatus } from '@call-ribbon/contract';
import type { RangeStats, StatusCell } from '../stores/call-stats.ts';
import type { TimeRange } from '../stores/calls.ts';
import {
  durationBucket,
  HOUR_COLUMNS,
  TALK_BUCKET_COLUMNS,
  talkMsOf,
  WEEKDAY_COLUMNS,
} from './rollup-cells.ts';
import { localTime } from './time-zone.ts';

/** Bounds of an open-ended plan part, as day and month keys compare. */
export const FIRST_DAY = '';
export const LAST_DAY = '9999-12-31';
export const LAST_MONTH = '9999-12';

/** `SUM(a) AS a, SUM(b) AS b, ...` */
export const sums = (columns: readonly string[]): string =>
  columns.map((column) => `SUM(${column}) AS ${column}`).join(', ');

export const isAllTime = (range: TimeRange): boolean => range.from === undefined && range.to === undefined;

/** A (direction, status) cell as the rollup tables hold it. */
export interface CellRow {
  direction: CallDirection;
  status: CallStatus;
  calls: number;
  talk_ms: number;
}

/** A call read from `calls` for a partial hour. */
export interface RawCallRow {
  direction: CallDirection;
  status: CallStatus;
  start_ms: number;
  duration: number;
}

/** Cells per (direction, status), merged as they are read. */
export class CellSums {
  readonly #cells = new Map<string, StatusCell>();

  add(direction: CallDirection, status: CallStatus, calls: number, talkMs: number): void {
    const key = `${direction}|${status}`;
    const cell = this.#cells.get(key);
    if (cell) {
      cell.calls += calls;
      cell.talkMs += talkMs;
    } else this.#cells.set(key, { direction, status, calls, talkMs });
  }

  addRows(rows: Iterable<CellRow>): void {
    for (const row of rows) this.add(row.direction, row.status, row.calls, row.talk_ms);
  }

  addRaw(rows: Iterable<RawCallRow>): void {
    for (const row of rows) this.add(row.direction, row.status, 1, talkMsOf(row.duration));
  }

  list(): StatusCell[] {
    return [...this.#cells.values()].filter((cell) => cell.calls !== 0);
  }
}

/** The hour-of-day, day-of-week and talk-time spreads of a range, folded row by row. */
export class Spread {
  readonly byHour = new Array<number>(24).fill(0);
  readonly byDayOfWeek = new Array<number>(7).fill(0);
  readonly durationBuckets = new Array<number>(TALK_BUCKET_COLUMNS.length).fill(0);

  /** Rows of the all-time totals table: every spread is a column. */
  addTotals(rows: Iterable<Record<string, number>>): void {
    for (const row of rows) {
      this.#addBuckets(row);
      HOUR_COLUMNS.forEach((column, hour) => {
        this.byHour[hour]! += row[column]!;
      });
      WEEKDAY_COLUMNS.forEach((column, day) => {
        this.byDayOfWeek[day]! += row[column]!;
      });
    }
  }

  /** Rows of the daily table grouped by `day_of_week`, with the hour and talk columns summed. */
  addDays(rows: Iterable<Record<string, number>>): void {
    for (const row of rows) {
      this.byDayOfWeek[row.day_of_week!]! += row.calls!;
      this.#addBuckets(row);
      HOUR_COLUMNS.forEach((column, hour) => {
        this.byHour[hour]! += row[column]!;
      });
    }
  }

  /** Rows of the hourly table grouped by `hour_of_day` and `day_of_week`. */
  addHours(rows: Iterable<Record<string, number>>): void {
    for (const row of rows) {
      this.byDayOfWeek[row.day_of_week!]! += row.calls!;
      this.byHour[row.hour_of_day!]! += row.calls!;
      this.#addBuckets(row);
    }
  }

  /** Calls of the partial hours, placed in the tenant's time zone. */
  addRaw(timeZone: string, rows: Iterable<RawCallRow>): void {
    for (const row of rows) {
      const local = localTime(timeZone, row.start_ms);
      this.byDayOfWeek[local.dayOfWeek]! += 1;
      this.byHour[local.hour]! += 1;
      const bucket = durationBucket(row.status, row.duration);
      if (bucket >= 0) this.durationBuckets[bucket]! += 1;
    }
  }

  stats(cells: StatusCell[]): RangeStats {
    return {
      cells,
      byHour: this.byHour,
      byDayOfWeek: this.byDayOfWeek,
      durationBuckets: this.durationBuckets,
    };
  }

  #addBuckets(row: Record<string, number>): void {
    TALK_BUCKET_COLUMNS.forEach((column, b) => {
      this.durationBuckets[b]! += row[column]!;
    });
  }
}

import type { DashboardStore, RepRow } from '../stores/dashboards.ts';
import { initials } from './format.ts';

/** Calls made and connected per agent id. */
export type CallCounts = ReadonlyMap<string, { calls: number; connected: number }>;

/** What every dashboard is computed from: the tenant's records, its clock and time zone. */
export interface DashboardContext {
  tenantId: string;
  timeZone: string;
  now: Date;
  queries: DashboardStore;
  /** Calls per agent over the last 30 days (sales and leads dashboards). */
  calls: CallCounts;
  /** The supplier's GST state. */
  homeState: string;
}

export const DAY_MS = 86_400_000;

/** Reps by id, with the display helpers the dashboards need. */
export const repDirectory = (reps: readonly RepRow[]) => {
  const byId = new Map(reps.map((rep) => [rep.id, rep]));
  return {
    all: reps,
    get: (id: string | null | undefined) => (id ? byId.get(id) : undefined),
    /** The rep's name, else the id itself (a record may name a rep not pushed yet). */
    name: (id: string | null | undefined, fallback = '') => (id ? (byId.get(id)?.name ?? id) : fallback),
    code: (id: string | null | undefined) => {
      const rep = id ? byId.get(id) : undefined;
      return rep ? rep.code || initials(rep.name) : (id ?? '');
    },
  };
};
export type RepDirectory = ReturnType<typeof repDirectory>;

/** Appends to the list kept under a key. */
export const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

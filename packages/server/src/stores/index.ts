import type { CallEventStore } from './call-events.ts';
import type { CallStatsStore } from './call-stats.ts';
import type { CallStore } from './calls.ts';
import type { CrmRecordStore } from './crm-records.ts';
import type { CustomerStore } from './customers.ts';
import type { DashboardStore } from './dashboards.ts';
import type { PresenceStore } from './presence.ts';
import type { SessionStore } from './sessions.ts';
import type { TelephonyStore } from './telephony.ts';
import type { TenantStore } from './tenants.ts';

/**
 * Every store the server uses, one per resource. Routes, services, telephony and dashboards
 * see only these interfaces; an engine (SQLite today) implements all of them.
 */
export interface Stores {
  tenants: TenantStore;
  customers: CustomerStore;
  sessions: SessionStore;
  callEvents: CallEventStore;
  calls: CallStore;
  callStats: CallStatsStore;
  telephony: TelephonyStore;
  crm: CrmRecordStore;
  dashboards: DashboardStore;
  presence: PresenceStore;
}

/** A database engine: its stores, a health probe and a way to close it. */
export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  readonly stores: Stores;
  /** A trivial query that proves the database answers. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export type { CallEventStore, IngestBatch, IngestResult } from './call-events.ts';
export type { AgentCalls, CallStatsStore, CustomerCalls, RangeStats, StatusCell } from './call-stats.ts';
export type { CallFilters, CallPage, CallStore, TimeRange } from './calls.ts';
export type { CrmRecord, CrmRecordStore } from './crm-records.ts';
export type { CustomerStore } from './customers.ts';
export type { DashboardStore } from './dashboards.ts';
export type { AgentPresenceRecord, PresenceStore } from './presence.ts';
export type { AgentSession, NewAgentSession, SessionStore } from './sessions.ts';
export type { AgentLine, OpenProviderCall, TelephonySettings, TelephonyStore } from './telephony.ts';
export type { NewTenant, Tenant, TenantChanges, TenantStore } from './tenants.ts';

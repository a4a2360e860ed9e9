import type { CrmEntity } from '@call-ribbon/contract';

export type CrmRecord = { id: string } & Record<string, unknown>;

/** CRM records per tenant and entity, keyed by the CRM's own id. */
export interface CrmRecordStore {
  /** Creates or replaces the records, in one transaction. */
  upsert(
    tenantId: string,
    entity: CrmEntity,
    records: readonly CrmRecord[],
    now: Date,
  ): Promise<{ created: number; updated: number }>;
  get(tenantId: string, entity: CrmEntity, id: string): Promise<CrmRecord | undefined>;
  list(
    tenantId: string,
    entity: CrmEntity,
    page: number,
    pageSize: number,
  ): Promise<{ records: CrmRecord[]; total: number }>;
  delete(tenantId: string, entity: CrmEntity, id: string): Promise<boolean>;
  /** The supplier's GST state (default Maharashtra). */
  homeState(tenantId: string): Promise<string>;
  setHomeState(tenantId: string, state: string): Promise<void>;
}

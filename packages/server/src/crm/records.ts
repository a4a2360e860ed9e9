import { CRM_ENTITIES, type CrmEntity } from '@call-ribbon/contract';
import { taxableValueOf } from '../dashboards/gst.ts';
import { describeZodError } from '../http/errors.ts';

export type { CrmRecord } from '../stores/crm-records.ts';

import type { CrmRecord } from '../stores/crm-records.ts';

export const isCrmEntity = (name: string): name is CrmEntity => Object.hasOwn(CRM_ENTITIES, name);

/**
 * Validates one record of an entity and fills what the dashboards derive on write (an
 * invoice's taxable value). Returns the stored form, or the reason naming the bad fields.
 */
export const validateRecord = (
  entity: CrmEntity,
  input: unknown,
): { ok: true; record: CrmRecord } | { ok: false; message: string } => {
  const result = CRM_ENTITIES[entity].safeParse(input);
  if (!result.success) return { ok: false, message: describeZodError(result.error) };
  const record = result.data as CrmRecord;
  // Instants are stored in UTC so that string order is time order in SQL.
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && (key === 'at' || key.endsWith('At')) && value.includes('T')) {
      record[key] = new Date(value).toISOString();
    }
  }
  if (entity === 'invoices') {
    const invoice = result.data as {
      amount: number;
      taxableValue?: number | null;
      gstRate: number;
      placeOfSupply: string;
    };
    record.taxableValue = Math.round(taxableValueOf(invoice) * 100) / 100;
  }
  return { ok: true, record };
};

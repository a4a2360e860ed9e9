import type { z } from 'zod';
import type { CRM_ENTITIES, CrmEntity } from './crm.ts';

/** A CRM record of `entity` as the server stores and returns it (defaults filled in). */
export type CrmRecordOf<E extends CrmEntity> = z.infer<(typeof CRM_ENTITIES)[E]>;

/** A CRM record of `entity` as a CRM sends it: fields with defaults may be left out. */
export type CrmRecordInput<E extends CrmEntity> = z.input<(typeof CRM_ENTITIES)[E]>;

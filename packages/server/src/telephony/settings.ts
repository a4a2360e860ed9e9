/** Saving a tenant's Exotel account: the key and token are sealed before the store sees them. */
import type { TelephonySettingsRequest } from '@call-ribbon/contract';
import type { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import type { TelephonySettings } from '../stores/index.ts';
import type { TelephonyContext } from './click-to-call.ts';
import { sealSecrets } from './secrets.ts';

/** The settings as the admin API accepts them, defaults applied. */
export type TelephonySettingsInput = z.output<typeof TelephonySettingsRequest>;

/**
 * Stores a tenant's Exotel settings with the API key and token sealed under `SECRETS_KEY`.
 * Without the key nothing is stored: a 409 that says what to set.
 */
export const saveTelephonySettings = async (
  context: Pick<TelephonyContext, 'stores' | 'secretsKey'>,
  tenantId: string,
  input: TelephonySettingsInput,
  now: Date,
): Promise<TelephonySettings> => {
  if (!context.secretsKey) {
    throw new HttpError(
      409,
      'This server has no SECRETS_KEY, so it will not store Exotel credentials: set SECRETS_KEY to 64 hex characters (openssl rand -hex 32) and restart',
    );
  }
  return context.stores.telephony.set(
    tenantId,
    {
      provider: input.provider,
      accountSid: input.accountSid,
      host: input.host,
      sealedCredentials: sealSecrets(context.secretsKey, tenantId, {
        apiKey: input.apiKey,
        apiToken: input.apiToken,
      }),
      callerId: input.callerId,
      agents: input.agents,
      record: input.record,
    },
    now,
  );
};

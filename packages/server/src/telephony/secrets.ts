/**
 * Exotel API keys and tokens at rest: sealed with AES-256-GCM under `SECRETS_KEY` (32 bytes
 * written as 64 hex characters), with the tenant id as associated data so a sealed value
 * copied to another tenant's row does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The API key and token of an Exotel account: the only secrets of the telephony settings. */
export interface ExotelSecrets {
  apiKey: string;
  apiToken: string;
}

/** Why `SECRETS_KEY` is unusable, or undefined when it is 64 hex characters. */
export const secretsKeyProblem = (value: string): string | undefined =>
  /^[0-9a-fA-F]{64}$/.test(value)
    ? undefined
    : `SECRETS_KEY must be 64 hex characters (32 random bytes), got ${value.length} characters; make one with: openssl rand -hex 32`;

/** The 32-byte key from its 64 hex characters; throws RangeError on anything else. */
export const secretsKeyFromHex = (value: string): Buffer => {
  const problem = secretsKeyProblem(value);
  if (problem) throw new RangeError(problem);
  return Buffer.from(value, 'hex');
};

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts; a fresh IV every time. */
export const sealSecrets = (key: Buffer, tenantId: string, secrets: ExotelSecrets): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(tenantId));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
};

export class SecretsUnreadableError extends Error {
  override readonly name = 'SecretsUnreadableError';
}

/** Opens what `sealSecrets` made; throws SecretsUnreadableError for another key, tenant or a damaged value. */
export const openSecrets = (key: Buffer, tenantId: string, sealed: string): ExotelSecrets => {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new SecretsUnreadableError('The stored Exotel credentials are not sealed: set them again');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
    const parsed = JSON.parse(text) as ExotelSecrets;
    return { apiKey: parsed.apiKey, apiToken: parsed.apiToken };
  } catch {
    throw new SecretsUnreadableError(
      'The stored Exotel credentials do not open with this SECRETS_KEY (was the key changed?): set them again',
    );
  }
};

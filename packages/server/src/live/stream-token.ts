/**
 * Short-lived tokens that let a browser's EventSource (which cannot send headers) open the
 * stream: `<tenantId>.<key version>.<expiry ms>.<HMAC>`. Signed with `STREAM_TOKEN_SECRET`,
 * so every instance accepts them and they survive a restart (without it: a secret of this
 * process). The key version voids every token issued before the tenant's key was rotated.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface StreamTokenClaims {
  tenantId: string;
  /** The tenant's key version when the token was issued. */
  keyVersion: number;
}

export interface StreamTokens {
  issue(tenant: { id: string; keyVersion: number }, now: Date): { token: string; expiresAt: string };
  /** What the token names, or undefined when it is forged, malformed or expired. */
  verify(token: string, now: Date): StreamTokenClaims | undefined;
}

/** The shortest `STREAM_TOKEN_SECRET` accepted. */
export const MIN_STREAM_TOKEN_SECRET_LENGTH = 32;

export const createStreamTokens = (
  options: { ttlMs?: number; secret?: string | undefined } = {},
): StreamTokens => {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const secret = options.secret === undefined ? randomBytes(32) : Buffer.from(options.secret, 'utf8');
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    issue(tenant, now) {
      const expires = now.getTime() + ttlMs;
      const payload = `${Buffer.from(tenant.id).toString('base64url')}.${tenant.keyVersion}.${expires}`;
      return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(expires).toISOString() };
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 4) return undefined;
      const [tenant, version, expires, signature] = parts as [string, string, string, string];
      const expected = Buffer.from(sign(`${tenant}.${version}.${expires}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      if (!/^\d+$/.test(version) || !/^\d+$/.test(expires) || Number(expires) <= now.getTime())
        return undefined;
      return { tenantId: Buffer.from(tenant, 'base64url').toString(), keyVersion: Number(version) };
    },
  };
};

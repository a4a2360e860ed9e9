/**
 * Short-lived tokens that let a browser's EventSource (which cannot send headers) open the
 * stream: `<tenantId>.<expiry ms>.<HMAC>`, signed with a secret of this server run.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface StreamTokens {
  issue(tenantId: string, now: Date): { token: string; expiresAt: string };
  /** The tenant id the token names, or undefined when it is forged or expired. */
  verify(token: string, now: Date): string | undefined;
}

export const createStreamTokens = (options: { ttlMs?: number; secret?: Buffer } = {}): StreamTokens => {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const secret = options.secret ?? randomBytes(32);
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    issue(tenantId, now) {
      const expires = now.getTime() + ttlMs;
      const payload = `${Buffer.from(tenantId).toString('base64url')}.${expires}`;
      return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(expires).toISOString() };
    },
    verify(token, now) {
      const [tenant, expires, signature] = token.split('.');
      if (!tenant || !expires || !signature) return undefined;
      const expected = Buffer.from(sign(`${tenant}.${expires}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      if (Number(expires) <= now.getTime()) return undefined;
      return Buffer.from(tenant, 'base64url').toString();
    },
  };
};

import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import { HttpError } from './errors.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
const sameToken = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

/** `Authorization: Bearer <ADMIN_TOKEN>`; without a configured token the admin API is off. */
export const requireAdmin = ({ adminToken: expected }: Pick<AppDeps, 'adminToken'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (expected === undefined) {
      throw new HttpError(401, 'The admin API is disabled: start the server with ADMIN_TOKEN set');
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) throw new HttpError(401, 'Missing admin token: send Authorization: Bearer <ADMIN_TOKEN>');
    if (!sameToken(match[1]!, expected)) throw new HttpError(401, 'Invalid admin token');
    await next();
  });

import type { HealthResponse } from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { databaseIsHealthy } from '../engines/sqlite/open.ts';
import { HttpError } from '../http/errors.ts';

export const healthRoutes = () =>
  new Hono<AppEnv>().get('/health', (c) => {
    const { db, clock, startedAt, version } = c.var.deps;
    if (!databaseIsHealthy(db)) throw new HttpError(503, 'Database is not answering');
    const body: HealthResponse = {
      status: 'ok',
      version,
      uptimeSeconds: Math.max(0, Math.round((clock().getTime() - startedAt.getTime()) / 1000)),
      database: 'ok',
    };
    return c.json(body);
  });

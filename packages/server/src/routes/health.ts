import { HealthResponse } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { HttpError } from '../http/errors.ts';
import { component, errors, json, NO_AUTH, routeApp } from '../openapi/declare.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'health',
  tags: ['Service'],
  summary: 'Liveness and database check',
  description: 'Answers 200 while the server and its database answer, else 503 with the error body.',
  security: NO_AUTH,
  responses: {
    200: json('The server and its database answer', component('HealthResponse', HealthResponse)),
    ...errors(503),
  },
});

/** `GET /health`. */
export const healthRoutes = (deps: AppDeps) =>
  routeApp().openapi(health, async (c) => {
    if (!(await deps.engine.healthy())) throw new HttpError(503, 'Database is not answering');
    const body: HealthResponse = {
      status: 'ok',
      version: deps.version,
      uptimeSeconds: Math.max(0, Math.round((deps.clock().getTime() - deps.startedAt.getTime()) / 1000)),
      database: 'ok',
    };
    return c.json(body, 200);
  });

import {
  AnalyticsSummary,
  Call,
  Client,
  Customer,
  ErrorBody,
  StoredCallEvent,
  Usage,
  WidgetSettings,
} from '@call-ribbon/contract';
import { z } from 'zod';
import { COMPONENTS, type JsonContent, OPERATIONS, type OperationSpec } from './operations.ts';

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the message names each bad field',
  401: 'Missing or invalid credentials',
  403: 'The browser origin is not allowed for this client',
  404: 'Not found',
  409: 'Conflicts with the client’s current settings',
  413: 'Request body too large',
  415: 'Unsupported content type',
  429: 'Too many calls: the monthly limit or the provider’s rate limit',
  502: 'The telephony provider failed',
  503: 'Not available right now',
  504: 'The telephony provider did not answer in time',
};

/** Date patterns zod emits are exact but unreadable; `format` already says it. */
const readable = (ctx: { jsonSchema: JsonSchema }): void => {
  const { jsonSchema } = ctx;
  if (jsonSchema.format === 'date' || jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
};

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: readable,
  }) as JsonSchema;
  return rest;
};

const componentSchemas = (): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  // Building blocks get names of their own, so responses that share them read as references.
  const shared = {
    ErrorBody,
    Call,
    StoredCallEvent,
    Customer,
    AnalyticsSummary,
    Usage,
    WidgetSettings,
    Client,
  };
  for (const [id, schema] of Object.entries(shared)) registry.add(schema, { id });
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: readable,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
};

const queryParameters = (query: z.ZodObject) => {
  const schema = toSchema(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

const errorStatuses = (operation: OperationSpec): number[] => {
  const statuses = new Set(operation.errors);
  if (operation.auth !== 'none') statuses.add(401);
  if (operation.auth === 'apiKey' || operation.auth === 'apiKeyOrBody') statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
};

const security = (operation: OperationSpec) => {
  switch (operation.auth) {
    case 'none':
      return [];
    case 'apiKey':
      return [{ ApiKey: [] }];
    // The key may instead be the body's `apiKey`, which OpenAPI cannot express as a scheme.
    case 'apiKeyOrBody':
      return [{ ApiKey: [] }, {}];
    case 'admin':
      return [{ AdminBearer: [] }];
  }
};

const ref = (component: string) => ({ $ref: `#/components/schemas/${component}` });

const contentSchema = (json: JsonContent): JsonSchema =>
  json.anyOf ? { anyOf: json.anyOf.map(ref) } : ref(json.component ?? 'ErrorBody');

const requestBody = (body: NonNullable<OperationSpec['body']>) => {
  const schema = body.schema ? toSchema(body.schema, 'input') : contentSchema(body.json ?? {});
  const mediaTypes = body.mediaTypes ?? ['application/json'];
  return {
    required: body.required,
    content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema }])),
  };
};

const toOperation = (operation: OperationSpec) => {
  const { success } = operation;
  const content: Record<string, unknown> = {};
  if (success.json) content['application/json'] = { schema: contentSchema(success.json) };
  for (const [mediaType, alternative] of Object.entries(success.alternatives ?? {})) {
    content[mediaType] = { schema: { type: alternative.type, description: alternative.description } };
  }
  const responses: Record<string, unknown> = {
    [success.status]: {
      description: success.description,
      ...(success.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(success.headers).map(([name, example]) => [
                name,
                { schema: { type: 'string' }, example },
              ]),
            ),
          }
        : {}),
      ...(Object.keys(content).length > 0 ? { content } : {}),
    },
  };
  for (const status of errorStatuses(operation)) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/json': { schema: ref('ErrorBody') } },
    };
  }
  const parameters = [
    ...Object.entries(operation.pathParams ?? {}).map(([name, param]) => ({
      name,
      in: 'path',
      required: true,
      description: typeof param === 'string' ? param : param.description,
      schema: typeof param === 'string' ? { type: 'string' } : { type: 'string', enum: [...param.enum] },
    })),
    ...(operation.query ? queryParameters(operation.query) : []),
  ];
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: security(operation),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? { requestBody: requestBody(operation.body) } : {}),
    responses,
  };
};

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** The OpenAPI 3.1 document of the whole server, generated from the contract's zod schemas. */
export const buildOpenApiDocument = (version: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = toOperation(operation);
  }
  const tags = [...new Set(OPERATIONS.map((operation) => operation.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Call Ribbon API',
      version,
      description:
        'Call logs, customers, analytics, exports and CRM dashboards of the Call Ribbon reference server. Every failure answers `{ "error": true, "message", "code" }` with `code` equal to the HTTP status.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This server' }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        ApiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description:
            'The client’s API key. `POST /api/ribbon/customer` also accepts it as `apiKey` in the body.',
        },
        AdminBearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The server’s ADMIN_TOKEN; without one configured the admin API answers 401.',
        },
      },
    },
  };
};

import { ErrorBody } from '@call-ribbon/contract';
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { toJSONSchema, z } from 'zod';
import type { AppEnv } from '../app-deps.ts';
import { describeZodError, HttpError } from '../http/errors.ts';

/** What each validation target is called in an error message: `Invalid query: page: ...`. */
const PARTS = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
} as const;

/**
 * The app of one route module. A request its declaration rejects is thrown as a 400 naming
 * each invalid field, which `onError` answers with the error body.
 */
export const routeApp = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new HttpError(400, `Invalid ${PARTS[result.target]}: ${describeZodError(result.error)}`);
      }
    },
  });

const components = new Map<string, z.ZodType>();

/** `schema` under a component name of the document, so operations refer to it by `$ref`. */
export const component = <T extends z.ZodType>(id: string, schema: T): T => {
  const known = components.get(id);
  if (known) return known as T;
  const named = schema.meta({ id }) as T;
  components.set(id, named);
  return named;
};

export const ErrorBodySchema = component('ErrorBody', ErrorBody);

const ERRORS = {
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
} as const;
export type ErrorStatus = keyof typeof ERRORS;

const errorResponse = <S extends ErrorStatus>(status: S) => ({
  description: ERRORS[status],
  content: { 'application/json': { schema: ErrorBodySchema } },
});

/** The error body under each status, e.g. `...errors(400, 404)`. */
export const errors = <S extends ErrorStatus>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorResponse(status)])) as {
    [K in S]: ReturnType<typeof errorResponse<K>>;
  };

/** A JSON response of `schema`. */
export const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A JSON request body of `schema`; its route lists 413 (too large) and 415 (not JSON) among its errors. */
export const jsonBodyOf = <T extends z.ZodType>(
  schema: T,
  options: { required: boolean; description: string },
) => ({
  required: options.required,
  description: options.description,
  content: { 'application/json': { schema } },
});

type SecurityRequirements = NonNullable<RouteConfig['security']>;

/** Security requirements; `tenantErrors` and `adminErrors` are the statuses each implies. */
export const API_KEY: SecurityRequirements = [{ ApiKey: [] }];
export const ADMIN: SecurityRequirements = [{ AdminBearer: [] }];
export const NO_AUTH: SecurityRequirements = [];
/** The key in `X-API-Key`, or (`{}`: no scheme OpenAPI can name) as `apiKey` in the body. */
export const API_KEY_OR_BODY: SecurityRequirements = [{ ApiKey: [] }, {}];
export const tenantErrors = () => errors(401, 403);
export const adminErrors = () => errors(401);

type MediaType = NonNullable<NonNullable<NonNullable<RouteConfig['request']>['body']>['content'][string]>;
type MediaTypeSchema = NonNullable<Extract<MediaType, { schema?: unknown }>['schema']>;
/** A schema written as JSON Schema rather than zod: documented, never validated by the library. */
export type JsonSchema = Exclude<MediaTypeSchema, z.ZodType | { $ref: string }>;

/** Date patterns zod emits are exact but unreadable; `format` already says it. */
const readable = (ctx: { jsonSchema: Record<string, unknown> }): void => {
  if (ctx.jsonSchema.format === 'date' || ctx.jsonSchema.format === 'date-time')
    delete ctx.jsonSchema.pattern;
};

/**
 * A plain JSON Schema of `schema` for the document only: for a body the handler validates
 * itself (the library validates every zod schema it is given, and would refuse a whole batch).
 */
export const documentedOnly = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...jsonSchema } = toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: readable,
  });
  return jsonSchema as JsonSchema;
};

/** A path parameter: its description goes on the parameter, leaving the schema a plain string. */
export const pathParam = (description: string, extra: { enum?: readonly string[] } = {}) =>
  z.string().meta({ ...extra, param: { description } });

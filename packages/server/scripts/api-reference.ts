// Writes docs/api-reference.md from the server's own /openapi.json:
// `pnpm --filter @call-ribbon/server docs:api` (with --check, fails when the file is stale).
import { readFile, writeFile } from 'node:fs/promises';
import { createApp } from '../src/app.ts';
import { sqliteEngine } from '../src/engines/sqlite/index.ts';
import { openDatabase } from '../src/engines/sqlite/open.ts';

export const OUTPUT = new URL('../../../docs/api-reference.md', import.meta.url).pathname;

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Content = Record<string, { schema?: Schema }>;
type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
};
type Document = {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Schema>;
    securitySchemes?: Record<string, { description?: string }>;
  };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const refName = (ref: string) => ref.split('/').at(-1) ?? ref;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** A short type for a table cell: `string (date-time)`, `"inbound" \| "outbound"`, `Call[]`. */
export const typeOf = (schema: Schema | undefined): string => {
  if (!schema) return 'any';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map(typeOf))].join(' | ');
  if (schema.allOf) return schema.allOf.map(typeOf).join(' & ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array')
    return `${typeOf(schema.items).includes(' ') ? `(${typeOf(schema.items)})` : typeOf(schema.items)}[]`;
  if (type === 'object' && !schema.properties) {
    return typeof schema.additionalProperties === 'object' &&
      Object.keys(schema.additionalProperties).length > 0
      ? `Record<string, ${typeOf(schema.additionalProperties)}>`
      : 'object';
  }
  return schema.format ? `${type} (${schema.format})` : (type ?? 'any');
};

/** Limits and defaults worth knowing: `1-500`, `default 50`. */
const constraints = (schema: Schema | undefined): string => {
  if (!schema) return '';
  const notes: string[] = [];
  const range = (min?: number, max?: number, unit = '') =>
    min !== undefined && max !== undefined
      ? `${min}-${max}${unit}`
      : min !== undefined
        ? `≥ ${min}${unit}`
        : max !== undefined
          ? `≤ ${max}${unit}`
          : '';
  const numeric = range(schema.minimum, schema.maximum);
  if (numeric) notes.push(numeric);
  const length = range(schema.minLength, schema.maxLength, ' chars');
  if (length) notes.push(length);
  const items = range(schema.minItems, schema.maxItems, ' items');
  if (items) notes.push(items);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes.join(', ');
};

/** The object schema inside `schema` (itself, the items of an array, or the object of a nullable union). */
const objectIn = (schema: Schema, doc: Document): { object: Schema; suffix: string } | null => {
  const resolved = schema.$ref ? doc.components?.schemas?.[refName(schema.$ref)] : schema;
  if (!resolved) return null;
  if (resolved.properties) return { object: resolved, suffix: '' };
  if (resolved.items && !resolved.items.$ref) {
    const inner = objectIn(resolved.items, doc);
    return inner && { object: inner.object, suffix: `[]${inner.suffix}` };
  }
  const branches = (resolved.anyOf ?? resolved.oneOf ?? []).filter((branch) => !branch.$ref);
  const objects = branches.filter((branch) => branch.properties || branch.items);
  return objects.length === 1 ? objectIn(objects[0]!, doc) : null;
};

/** Rows for every field, inline objects expanded as `parent.child` (named schemas stay links). */
const fieldRows = (schema: Schema, doc: Document, prefix = '', depth = 0): string[] => {
  const found = objectIn(schema, doc);
  if (!found?.object.properties) return [];
  const required = new Set(found.object.required ?? []);
  return Object.entries(found.object.properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const row = `| \`${path}\` | ${cell(typeOf(field))} | ${required.has(name) ? 'yes' : ''} | ${cell([field.description, constraints(field)].filter(Boolean).join('; '))} |`;
    const nested = field.$ref || depth >= 2 ? null : objectIn(field, doc);
    return nested ? [row, ...fieldRows(field, doc, `${path}${nested.suffix}.`, depth + 1)] : [row];
  });
};

const fieldsTable = (schema: Schema, doc: Document): string[] => {
  const rows = fieldRows(schema, doc);
  return rows.length === 0
    ? []
    : ['| Field | Type | Required | Notes |', '| --- | --- | --- | --- |', ...rows];
};

const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

export const renderReference = (doc: Document): string => {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, op: item[method]! })),
  );
  const tags = doc.tags?.map((tag) => tag.name) ?? [];
  for (const { op } of operations)
    for (const tag of op.tags ?? ['Other']) if (!tags.includes(tag)) tags.push(tag);

  const out: string[] = [
    '# API reference',
    '',
    `<!-- Generated from /openapi.json by \`pnpm --filter @call-ribbon/server docs:api\`; do not edit by hand. -->`,
    '',
    `${doc.info.title} ${doc.info.version}. ${doc.info.description ?? ''}`.trim(),
    '',
    'A running server serves the same document at `/openapi.json` and an interactive page at `/docs`.',
    'Authentication: `X-API-Key: <key>` names the tenant (`POST /api/ribbon/customer` also takes',
    '`apiKey` in the JSON body, `POST /api/ribbon/log-call` in a `text/plain` body); the admin API',
    'takes `Authorization: Bearer <ADMIN_TOKEN>`.',
    '',
  ];
  for (const tag of tags) {
    const inTag = operations.filter(({ op }) => (op.tags ?? ['Other']).includes(tag));
    if (inTag.length === 0) continue;
    out.push(`- [${tag}](#${anchor(tag)})`);
  }
  out.push('');

  for (const tag of tags) {
    const inTag = operations.filter(({ op }) => (op.tags ?? ['Other'])[0] === tag);
    if (inTag.length === 0) continue;
    out.push(`## ${tag}`, '');
    const description = doc.tags?.find((entry) => entry.name === tag)?.description;
    if (description) out.push(description, '');
    for (const { path, method, op } of inTag) {
      out.push(`### \`${method.toUpperCase()} ${path}\``, '');
      if (op.summary) out.push(`${op.summary}.`.replace(/\.\.$/, '.'), '');
      if (op.description) out.push(op.description, '');
      const security = (op.security ?? []).flatMap((entry) => Object.keys(entry));
      out.push(
        `Auth: ${security.length > 0 ? security.map((name) => `\`${name}\``).join(' or ') : 'none'}.`,
        '',
      );
      if (op.parameters?.length) {
        out.push('| Parameter | In | Type | Required | Notes |', '| --- | --- | --- | --- | --- |');
        for (const parameter of op.parameters) {
          out.push(
            `| \`${parameter.name}\` | ${parameter.in} | ${cell(typeOf(parameter.schema))} | ${parameter.required ? 'yes' : ''} | ${cell([parameter.description, constraints(parameter.schema)].filter(Boolean).join('; '))} |`,
          );
        }
        out.push('');
      }
      const body = op.requestBody?.content;
      if (body) {
        for (const [type, { schema }] of Object.entries(body)) {
          const forms = schema?.anyOf ?? schema?.oneOf ?? (schema ? [schema] : []);
          const shape = forms.length > 1 ? `one of ${forms.length} forms` : cell(typeOf(schema));
          out.push(`Request body (\`${type}\`${op.requestBody?.required ? '' : ', optional'}): ${shape}`, '');
          for (const [index, form] of forms.entries()) {
            const table = fieldsTable(form, doc);
            if (table.length === 0) continue;
            if (forms.length > 1) out.push(`Form ${index + 1} of ${forms.length}:`, '');
            out.push(...table, '');
          }
        }
      }
      out.push('| Status | Meaning | Body |', '| --- | --- | --- |');
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const types = Object.entries(response.content ?? {}).map(
          ([type, { schema }]) => `${typeOf(schema)} (\`${type}\`)`,
        );
        out.push(`| ${status} | ${cell(response.description ?? '')} | ${cell(types.join(', ') || '—')} |`);
      }
      out.push('');
    }
  }

  const schemas = doc.components?.schemas ?? {};
  if (Object.keys(schemas).length > 0) {
    out.push('## Schemas', '');
    for (const [name, schema] of Object.entries(schemas)) {
      out.push(`### ${name}`, '');
      if (schema.description) out.push(schema.description, '');
      const table = fieldsTable(schema, doc);
      out.push(...(table.length > 0 ? table : [`\`${typeOf(schema)}\``]), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
};

/** The reference as the current server describes itself. */
export const currentReference = async (): Promise<string> => {
  const engine = sqliteEngine(openDatabase(':memory:'));
  try {
    const response = await createApp({ engine }).request('/openapi.json');
    if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
    return renderReference((await response.json()) as Document);
  } finally {
    await engine.close();
  }
};

if (import.meta.main) {
  const markdown = await currentReference();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OUTPUT, 'utf8').catch(() => '');
    if (committed !== markdown) {
      console.error('docs/api-reference.md is stale: run `pnpm --filter @call-ribbon/server docs:api`');
      process.exitCode = 1;
    }
  } else {
    await writeFile(OUTPUT, markdown);
    console.log(`Wrote ${OUTPUT}`);
  }
}

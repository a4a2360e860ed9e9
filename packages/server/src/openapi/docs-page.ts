import type { OpenApiDocument } from './document.ts';

type Schema = Record<string, unknown>;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Inline `code` spans of the descriptions, the only markup they use. */
const prose = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const STRING_EXAMPLES: Record<string, string> = {
  'date-time': '2025-10-12T09:30:00.000Z',
  date: '2025-10-12',
  uri: 'https://crm.example.com',
  email: 'priya.iyer@example.in',
};

/** A representative value for a JSON schema, so a reader sees the shape of a response. */
const example = (schema: Schema, components: Record<string, Schema>, depth = 0): unknown => {
  if (depth > 12) return null;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    return target ? example(target, components, depth + 1) : null;
  }
  if ('default' in schema && schema.default !== undefined) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    const first = variants.find((variant) => variant.type !== 'null') ?? variants[0];
    return first ? example(first, components, depth + 1) : null;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          example(property, components, depth + 1),
        ]),
      );
    }
    case 'array':
      return schema.items ? [example(schema.items as Schema, components, depth + 1)] : [];
    case 'string':
      return STRING_EXAMPLES[String(schema.format)] ?? 'string';
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 0) : 0;
    case 'number':
      return 0;
    case 'boolean':
      return true;
    default:
      return null;
  }
};

const typeLabel = (schema: Schema): string => {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) return variants.map(typeLabel).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  const details = [
    schema.format ? `${schema.format}` : '',
    typeof schema.minimum === 'number' ? `≥ ${schema.minimum}` : '',
    typeof schema.maximum === 'number' ? `≤ ${schema.maximum}` : '',
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : '',
  ].filter(Boolean);
  return details.length > 0 ? `${type} (${details.join(', ')})` : type;
};

const AUTH_TEXT: Record<string, string> = {
  ApiKey: '<code>X-API-Key</code> header',
  StreamToken: '<code>?token=</code> from <code>POST /api/ribbon/stream/token</code>',
  AdminBearer: '<code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code>',
};

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, unknown>[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

const authLine = (operation: Operation): string => {
  if (operation.security.length === 0) return 'No authentication.';
  const schemes = operation.security.flatMap((requirement) => Object.keys(requirement));
  const optional = operation.security.some((requirement) => Object.keys(requirement).length === 0);
  const text = schemes.map((scheme) => AUTH_TEXT[scheme] ?? scheme).join(' or ');
  return optional ? `${text}, or <code>apiKey</code> in the JSON body.` : `${text}.`;
};

const renderOperation = (
  method: string,
  path: string,
  operation: Operation,
  components: Record<string, Schema>,
): string => {
  const parameters = operation.parameters ?? [];
  const parameterRows = parameters
    .map(
      (parameter) =>
        `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${parameter.in}</td><td>${
          parameter.required ? 'yes' : 'no'
        }</td><td>${escapeHtml(typeLabel(parameter.schema))}</td><td>${prose(parameter.description ?? '')}</td></tr>`,
    )
    .join('');
  const body = operation.requestBody?.content['application/json'];
  const responses = Object.entries(operation.responses)
    .map(([status, response]) => {
      const jsonSchema = response.content?.['application/json']?.schema;
      const types = Object.keys(response.content ?? {}).join(', ');
      const sample =
        jsonSchema && status.startsWith('2')
          ? `<pre>${escapeHtml(JSON.stringify(example(jsonSchema, components), null, 2))}</pre>`
          : '';
      return `<li><span class="status s${status[0]}">${status}</span> ${prose(response.description)}${
        types ? ` <small>${escapeHtml(types)}</small>` : ''
      }${sample}</li>`;
    })
    .join('');
  return `<section class="operation" id="${escapeHtml(operation.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p class="summary">${prose(operation.summary)}</p>
${operation.description ? `<p>${prose(operation.description)}</p>` : ''}
<p class="auth">Auth: ${authLine(operation)}</p>
${
  parameters.length > 0
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>notes</th></tr></thead><tbody>${parameterRows}</tbody></table>`
    : ''
}
${
  body
    ? `<h4>Request body${operation.requestBody?.required ? '' : ' (optional)'}</h4><pre>${escapeHtml(
        JSON.stringify(example(body.schema, components), null, 2),
      )}</pre>`
    : ''
}
<h4>Responses</h4><ul class="responses">${responses}</ul>
</section>`;
};

/** The API reference as one self-contained HTML page: no scripts, no external resources. */
export const renderDocsPage = (document: OpenApiDocument): string => {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const byTag = new Map<string, string[]>();
  const nav = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as Operation;
      const tag = operation.tags[0] ?? 'Other';
      if (!byTag.has(tag)) {
        byTag.set(tag, []);
        nav.set(tag, []);
      }
      byTag.get(tag)!.push(renderOperation(method, path, operation, components));
      nav
        .get(tag)!
        .push(
          `<li><a href="#${escapeHtml(operation.operationId)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}</a></li>`,
        );
    }
  }
  const sections = [...byTag].map(
    ([tag, operations]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${operations.join('\n')}`,
  );
  const navigation = [...nav]
    .map(
      ([tag, links]) =>
        `<h2><a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a></h2><ul>${links.join('')}</ul>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)} — reference</title>
<style>
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #fff; --code: #f3f5f9; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a3abba; --line: #343b4a; --bg: #14171f; --code: #1e2330; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); display: grid; grid-template-columns: 300px 1fr; }
nav { position: sticky; top: 0; height: 100vh; overflow: auto; padding: 1rem; border-right: 1px solid var(--line); font-size: 13px; }
nav h2 { font-size: 13px; margin: 1rem 0 .25rem; text-transform: uppercase; letter-spacing: .05em; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav a { color: inherit; text-decoration: none; display: block; padding: 2px 0; word-break: break-all; }
main { padding: 1.5rem 2rem; max-width: 980px; }
h1 { margin-top: 0; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2.5rem; }
.operation { border: 1px solid var(--line); border-radius: 8px; padding: 0 1rem 1rem; margin: 1rem 0; }
.method { display: inline-block; min-width: 4.4em; text-align: center; border-radius: 4px; font: 600 11px/1.8 ui-monospace, monospace; color: #fff; background: #4b5563; }
.method.get { background: #1f7a4d; } .method.post { background: #1d4ed8; } .method.patch { background: #b45309; } .method.put { background: #7c3aed; } .method.delete { background: #b91c1c; }
.status { font: 600 12px ui-monospace, monospace; padding: 0 .3em; border-radius: 3px; background: var(--code); }
.status.s2 { color: #15803d; } .status.s4, .status.s5 { color: #b91c1c; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; background: var(--code); border-radius: 4px; }
code { padding: 0 .25em; }
pre { padding: .75rem; overflow: auto; max-height: 28rem; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; }
.summary { font-weight: 600; } .auth, small { color: var(--muted); }
.responses { padding-left: 1rem; }
@media (max-width: 800px) { body { grid-template-columns: 1fr; } nav { position: static; height: auto; border-right: 0; } }
</style>
</head>
<body>
<nav aria-label="Operations">${navigation}</nav>
<main>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${prose(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
};

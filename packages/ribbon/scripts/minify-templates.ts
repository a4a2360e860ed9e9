// An esbuild plugin for the script-tag bundle: collapses the whitespace of Lit's `css` and
// `html` tagged templates, which esbuild's minifier leaves as written. Only the templates'
// literal text changes, never their `${}` expressions, and only in ways that keep what renders.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import ts from 'typescript';

/**
 * CSS: runs of whitespace become one space; none around `{ } ;` or after `:`; no `;` before
 * `}`. Quoted strings are kept as written, and so is the space after a comma, which custom
 * property values keep verbatim.
 */
export const minifyCss = (text: string): string =>
  text
    .split(/('[^']*'|"[^"]*")/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};]) ?/g, '$1')
            .replace(/: /g, ':'),
    )
    .join('')
    .replace(/;}/g, '}');

/** HTML: whitespace that spans a line break becomes one space (a text node stays a text node). */
export const minifyHtml = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** Rewrites the literal parts of `css` and `html` tagged templates in one TypeScript source. */
export const minifyTemplates = (source: string, fileName = 'source.ts'): string => {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const rewrite = (node: ts.TemplateLiteralLikeNode, minify: (text: string) => string) => {
    // The raw text between the delimiters: `...` / `...${ / }...${ / }...`.
    const start = node.getStart(file) + 1;
    const end = node.getEnd() - (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateTail(node) ? 1 : 2);
    const raw = source.slice(start, end);
    const text = minify(raw);
    if (text !== raw) edits.push({ start, end, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const minify = node.tag.text === 'css' ? minifyCss : node.tag.text === 'html' ? minifyHtml : null;
      if (minify) {
        const { template } = node;
        if (ts.isNoSubstitutionTemplateLiteral(template)) rewrite(template, minify);
        else {
          rewrite(template.head, minify);
          for (const span of template.templateSpans) rewrite(span.literal, minify);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let result = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
};

/** Applies `minifyTemplates` to the package's own sources that use Lit templates. */
export const minifyTemplatesPlugin = (): Plugin => ({
  name: 'minify-lit-templates',
  setup(build) {
    build.onLoad({ filter: /\/packages\/ribbon\/src\/.*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!/\b(css|html)`/.test(source)) return undefined;
      return { contents: minifyTemplates(source, path), loader: 'ts' };
    });
  },
});

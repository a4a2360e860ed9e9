import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.ts';

/**
 * The deepest nesting of arrays and objects a request body may have, counting the outermost
 * one: `{"metadata": {"a": []}}` is 3 levels. Deeper bodies are a 400 (docs/running-the-server.md).
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** True when `text`, read as JSON, nests arrays and objects deeper than `maxDepth`; one pass, no parsing. */
export const nestsDeeperThan = (text: string, maxDepth: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
};

const FORM = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * Refuses a body nested deeper than `maxDepth` before any handler parses it: deep values
 * overflow the stack later (`JSON.stringify`), a 500 the ribbon's queue would retry forever.
 * Every body but a form is checked, since routes read JSON whatever its declared type
 * (log-call takes it as `text/plain`). The text is cached by Hono, so handlers still read it.
 */
export const limitJsonDepth =
  (maxDepth: number = MAX_JSON_DEPTH): MiddlewareHandler =>
  async (c, next) => {
    if (c.req.raw.body !== null && !FORM.test(c.req.header('content-type') ?? '')) {
      if (nestsDeeperThan(await c.req.text(), maxDepth)) {
        throw new HttpError(400, `Invalid body: JSON nested deeper than ${maxDepth} levels`);
      }
    }
    await next();
  };

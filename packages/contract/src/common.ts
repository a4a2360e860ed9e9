import { z } from 'zod';

/** The body of every failure, on every endpoint: `code` equals the HTTP status. */
export const ErrorBody = z.object({
  error: z.literal(true),
  message: z.string(),
  code: z.int().min(400).max(599),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** An instant on the wire: ISO-8601 with a `Z` or an explicit offset. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * A date filter: an ISO date-time, or a plain date (`2025-10-31`). A plain `endDate`
 * means the whole of that day.
 */
export const DateFilter = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'expected an ISO date (2025-10-31) or date-time (2025-10-31T23:59:59Z)',
});

/** A 1-based page number from a query string. */
export const PageParam = z.coerce.number().int().min(1).max(1_000_000);

const LONE_SURROGATE = /\p{Cs}/u;
const NUL = '\u0000';
const NO_NUL = 'expected no NUL character (U+0000): text cannot hold one in PostgreSQL';

/**
 * Refuses strings with a lone surrogate (what `String.prototype.isWellFormed()` checks), for
 * strings that become keys: UTF-8 storage turns each into U+FFFD, so two ids would become one.
 * Refuses U+0000 too, which PostgreSQL's text and jsonb cannot store at all.
 */
export const wellFormed = <S extends z.ZodString>(schema: S): S =>
  schema
    .refine((text) => !LONE_SURROGATE.test(text), {
      message: 'expected well-formed Unicode: no unpaired surrogate (U+D800 to U+DFFF)',
    })
    .refine((text) => !text.includes(NUL), { message: NO_NUL });

/** The path of the first key or string holding U+0000 inside a parsed JSON value, if any. */
const nulAt = (value: unknown, path: (string | number)[] = []): (string | number)[] | undefined => {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulAt(item, [...path, index]);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes(NUL) ? [...path, key] : nulAt(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
};

/**
 * Free-form key/value data a CRM attaches (custom fields, metadata, pushed records): any JSON,
 * but no U+0000 in a key or a string at any depth (see `wellFormed`).
 */
export const JsonRecord = z.record(z.string(), z.unknown()).superRefine((record, context) => {
  const path = nulAt(record);
  if (path !== undefined) context.addIssue({ code: 'custom', message: NO_NUL, path });
});

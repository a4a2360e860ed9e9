import { type Call, EXPORT_COLUMNS } from '@call-ribbon/contract';

/** Cells a spreadsheet would read as a formula start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading single quote.
 */
export const csvField = (value: string | number | null): string => {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvHeader = (): string => `${EXPORT_COLUMNS.join(',')}\r\n`;

export const csvRow = (call: Call): string =>
  `${EXPORT_COLUMNS.map((column) => csvField(call[column])).join(',')}\r\n`;

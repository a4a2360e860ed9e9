import { createHash } from 'node:crypto';
import type { Queryable } from './pool.ts';

/**
 * A query written with `:name` placeholders (as the SQLite ones are), turned once into
 * node-postgres' `$n`; a `::type` cast is left alone. A missing parameter is an error, not a null.
 */
export const namedQuery = <Row>(text: string) => {
  const names: string[] = [];
  const sql = text.replace(/(?<![:\w]):([a-zA-Z_]\w*)/g, (_match, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  // Named, so each connection parses and plans it once (dashboards refresh every 30 s per open page).
  const name = `dashboard-${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
  return async (db: Queryable, params: Record<string, unknown>): Promise<Row[]> => {
    const values = names.map((name) => {
      if (params[name] === undefined) throw new Error(`Query parameter :${name} is missing`);
      return params[name];
    });
    return (await db.query({ name, text: sql, values })).rows as Row[];
  };
};

/** SQLite's two-argument max(0, x): null when x is null (PostgreSQL's greatest would give 0). */
export const atLeastZero = (x: string): string =>
  `CASE WHEN (${x}) IS NULL THEN NULL ELSE greatest(0, ${x}) END`;

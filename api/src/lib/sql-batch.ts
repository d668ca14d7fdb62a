import type { SQL } from 'drizzle-orm'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'

// drizzle's `sql` templates (which reference schema columns) run as plain D1 statements, so they
// can share one `d1.batch` (one round trip, one transaction) with each other and with the raw
// statements of the hot paths. (drizzle 0.45's own batch cannot take raw `sql` with parameters.)

const dialect = new SQLiteAsyncDialect()

/** A query builder (insert/update/delete/select) or a `sql` template. */
export type Query = SQL | { toSQL(): { sql: string; params: unknown[] } }

export function statement(d1: D1Database, query: Query): D1PreparedStatement {
  const { sql, params } = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query)
  return d1.prepare(sql).bind(...params)
}

/** Runs the queries in one batch and returns each one's rows (name them with `AS` in the SQL). */
export async function runBatch<T extends unknown[][] = Record<string, unknown>[][]>(d1: D1Database, queries: Query[]): Promise<T> {
  const results = await d1.batch(queries.map((q) => statement(d1, q)))
  return results.map((r) => r.results) as T
}

import { drizzle } from 'drizzle-orm/d1'

export type Db = ReturnType<typeof makeDb>

/** Query builder only: without a schema drizzle skips building relational metadata per request. */
export function makeDb(d1: D1Database) {
  return drizzle(d1)
}

/**
 * Wraps a D1 binding to count round trips (each run/all/first/raw, and each batch as one).
 * Used to report `x-d1-round-trips` so benchmarks and tests can hold hot paths to a budget.
 */
export function countingD1(inner: D1Database): { d1: D1Database; count: () => number } {
  let n = 0
  const unwrap = new WeakMap<object, D1PreparedStatement>()
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args))
        if (prop === 'run' || prop === 'all' || prop === 'first' || prop === 'raw') {
          return (...args: unknown[]) => {
            n++
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args)
          }
        }
        const value = Reflect.get(target, prop, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    unwrap.set(wrapped, stmt)
    return wrapped
  }
  const d1 = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'prepare') return (query: string) => wrapStatement(target.prepare(query))
      if (prop === 'batch')
        return (stmts: D1PreparedStatement[]) => {
          n++
          return target.batch(stmts.map((s) => unwrap.get(s) ?? s))
        }
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { d1, count: () => n }
}

import { useCallback, useEffect, useRef, useState } from 'react'

export interface Resource<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  /** Load again. `silent` keeps the current data on screen while loading (polling, pull-down). */
  reload: (opts?: { silent?: boolean }) => Promise<void>
}

/** Loads data on mount and whenever `deps` change; only the latest load may update the state. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const alive = useRef(true)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async ({ silent = false }: { silent?: boolean } = {}) => {
    const n = ++seq.current
    if (!silent) setLoading(true)
    try {
      const result = await loadRef.current()
      if (!alive.current || n !== seq.current) return
      setData(result)
      setError(undefined)
    } catch (e) {
      if (!alive.current || n !== seq.current) return
      setError(e)
    } finally {
      if (alive.current && n === seq.current) setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  useEffect(() => {
    alive.current = true
    void reload()
    return () => {
      alive.current = false
    }
  }, [reload])

  return { data, error, loading, reload }
}

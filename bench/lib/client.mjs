// HTTP helpers of the benchmark's setup phase.

/** A small JSON client for /api/v1 that also reads the x-d1-round-trips header. */
export function makeApi(base) {
  return async function api(method, route, { token, body, headers, expect = [200, 201] } = {}) {
    const res = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    let data
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
    if (!expect.includes(res.status)) {
      throw new Error(`${method} ${route} -> ${res.status}: ${typeof data === 'string' ? data.slice(0, 500) : JSON.stringify(data)}`)
    }
    return { status: res.status, data, roundTrips: readRoundTrips(res.headers.get('x-d1-round-trips')) }
  }
}

export function readRoundTrips(value) {
  if (value === null || value === undefined) return null
  const n = Number(Array.isArray(value) ? value[value.length - 1] : value)
  return Number.isFinite(n) ? n : null
}

/** Runs `fn(i)` for i in [0, count) with at most `limit` in flight. */
export async function pool(count, limit, fn) {
  let next = 0
  const out = new Array(count)
  const worker = async () => {
    while (next < count) {
      const i = next++
      out[i] = await fn(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  return out
}

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

/**
 * A simulated citizen's own device: the address is only a header value from the benchmarking
 * range 198.18.0.0/15 (RFC 2544; up to 131,072 of them). Local wrangler keeps a client-set
 * CF-Connecting-IP; Cloudflare overwrites it in production. The API's SMS limits count per
 * device (X-Client-Id + address) and per address, so each citizen gets both.
 */
export function deviceOf(tag, i) {
  if (i >= 2 ** 17) throw new Error(`deviceOf: ${i} is beyond the 198.18.0.0/15 range`)
  return { 'cf-connecting-ip': `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, 'x-client-id': `${tag}-${i}` }
}

/**
 * Logs in `count` citizens the way the app does: each asks for an SMS code from its own device
 * and enters it (local dev mode returns the code as `devCode`). The SMS login verifies the
 * citizen's phone, so each may sign up with it: `phone(i)` must be unique. Returns
 * `[{ phone, token }]`.
 */
export async function loginCitizens(api, count, { phone, tag, concurrency }) {
  const login = async (citizenPhone, device) => {
    const sent = (await api('POST', '/auth/sms/send', { body: { phone: citizenPhone }, headers: device })).data
    if (!sent.devCode) throw new Error('POST /auth/sms/send returned no devCode: local dev mode (DEV_MODE=true) is off')
    const verified = await api('POST', '/auth/sms/verify', { body: { phone: citizenPhone, code: sent.devCode }, headers: device })
    return { phone: citizenPhone, token: verified.data.token }
  }
  return pool(count, concurrency, async (i) => {
    // wrangler dev now and then drops a connection during thousands of set-up logins ("fetch
    // failed"): that citizen starts over as a new one (another phone and device, so the SMS
    // limits of the first try do not apply), at most twice.
    for (let attempt = 0; ; attempt++) {
      try {
        return await login(phone(i + attempt * count), deviceOf(tag, i + attempt * count))
      } catch (e) {
        if (attempt >= 2 || !(e instanceof TypeError)) throw e
      }
    }
  })
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

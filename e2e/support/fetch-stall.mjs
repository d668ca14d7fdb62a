// The tests' own API calls (Node's fetch) get the same care as page loads (tests/ui-support.mjs
// openPage): about once per full run the local `wrangler dev` never answers one request at all,
// and undici would wait 300 s for its headers, past the test's 120 s. A request with no answer in
// 30 s is said and asked once more (60 s); one that really gets no answer then fails with a
// TimeoutError that names it instead of a bare test timeout.
const realFetch = globalThis.fetch

globalThis.fetch = async function fetchAnswered(input, init = {}) {
  if (init.signal) return realFetch(input, init)
  try {
    return await realFetch(input, { ...init, signal: AbortSignal.timeout(30_000) })
  } catch (e) {
    if (e?.name !== 'TimeoutError') throw e
    const url = typeof input === 'string' ? input : input.url
    console.warn(`[fetch] ${init.method ?? 'GET'} ${url}: no answer in 30 s; asking once more`)
    return realFetch(input, { ...init, signal: AbortSignal.timeout(60_000) })
  }
}

/**
 * A random id for nonces and idempotency keys: 128 bits, hex. Uses WebCrypto where the platform
 * has it (H5), otherwise Math.random mixed with the clock (enough for uniqueness, not secrecy).
 */
export function randomId(): string {
  const bytes = new Uint8Array(16)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) {
    c.getRandomValues(bytes)
  } else {
    let t = Date.now()
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = (Math.random() * 256 + (t & 0xff)) & 0xff
      t = Math.floor(t / 3)
    }
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

// The only module that loads @noble/ed25519 (audited, no WebCrypto needed: WeChat has none).
// It needs BigInt, so it is imported lazily (verifier.ts): an engine without BigInt then only
// loses the offline verdict, and the server still decides every scan.
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'

ed.hashes.sha512 = sha512

/** Strict RFC 8032 verification, as WebCrypto does on the server; false for any malformed input. */
export function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

// A fixed throwaway key: signing and verifying once builds noble's tables (~40 ms), so the first
// ticket at the door is checked as fast as the rest.
const WARM_UP_KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1)

export function warmUp(): void {
  const message = Uint8Array.of(1, 2, 3)
  const signature = ed.sign(message, WARM_UP_KEY)
  verifySignature(signature, message, ed.getPublicKey(WARM_UP_KEY))
}

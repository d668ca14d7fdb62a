import { RSABSSA } from '@cloudflare/blindrsa-ts'
import {
  base64urlToBytes,
  bigIntToBytes,
  blindTokenRequest,
  bytesToBase64url,
  bytesToBigInt,
  emsaPssEncodeNoSalt,
  finalizeToken,
  modPow,
  newTokenMessage,
  verifyToken,
  type TokenPublicKey,
} from '@openday/shared/evaluation-token'
import { beforeAll, describe, expect, it } from 'vitest'
import { random } from './support/evaluation'

// The device's pure-BigInt client (shared/src/evaluation-token.ts) against the server's library,
// @cloudflare/blindrsa-ts, and workerd's WebCrypto (BoringSSL), in the Workers runtime.

const suite = RSABSSA.SHA384.PSSZero.Deterministic({ supportsRSARAW: true })
let pair: CryptoKeyPair
let publicKey: TokenPublicKey

beforeAll(async () => {
  pair = await RSABSSA.SHA384.generateKey({ modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) })
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey
  publicKey = { n: jwk.n!, e: jwk.e! }
})

const ascii = (s: string) => new TextEncoder().encode(s)

describe('the device client interoperates with blindrsa-ts', () => {
  it('50 of 50 tokens blinded by the client, signed and verified by blindrsa-ts; a flipped bit fails', async () => {
    const times = { blind: 0, sign: 0, finalize: 0 }
    let verified = 0
    for (let i = 0; i < 50; i++) {
      const message = await newTokenMessage('ev-interop', random)
      let t = performance.now()
      const request = await blindTokenRequest(publicKey, message, random)
      times.blind += performance.now() - t
      t = performance.now()
      const blindSig = await suite.blindSign(pair.privateKey, base64urlToBytes(request.blindedMessage))
      times.sign += performance.now() - t
      t = performance.now()
      const signature = finalizeToken(publicKey, request, bytesToBase64url(blindSig))
      times.finalize += performance.now() - t
      if (await suite.verify(pair.publicKey, base64urlToBytes(signature), ascii(message))) verified++
      const flipped = base64urlToBytes(signature)
      flipped[i * 5] ^= 0x10
      expect(await suite.verify(pair.publicKey, flipped, ascii(message))).toBe(false)
      expect(verifyToken(publicKey, message, bytesToBase64url(flipped))).toBe(false)
      const otherMessage = await newTokenMessage('ev-interop', random)
      expect(await suite.verify(pair.publicKey, base64urlToBytes(signature), ascii(otherMessage))).toBe(false)
    }
    expect(verified).toBe(50)
    // Reported by `vitest run --reporter=verbose`; workerd's V8, not a phone (see docs/privacy.md).
    console.log(
      `[evaluation-token] per token: blind ${(times.blind / 50).toFixed(1)} ms, blindSign (RSA-RAW) ${(times.sign / 50).toFixed(1)} ms, finalize+verify ${(times.finalize / 50).toFixed(1)} ms`,
    )
  })

  it('verifies tokens made entirely by blindrsa-ts (its own client) on the same key', async () => {
    for (let i = 0; i < 5; i++) {
      const message = ascii(await newTokenMessage('ev-interop', random))
      const { blindedMsg, inv } = await suite.blind(pair.publicKey, message)
      const signature = await suite.finalize(pair.publicKey, message, await suite.blindSign(pair.privateKey, blindedMsg), inv)
      expect(verifyToken(publicKey, new TextDecoder().decode(message), bytesToBase64url(signature))).toBe(true)
    }
  })

  it('encodes exactly as WebCrypto RSA-PSS with SHA-384 and salt length 0', async () => {
    const signer = await crypto.subtle.importKey(
      'pkcs8',
      (await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer,
      { name: 'RSA-PSS', hash: 'SHA-384' },
      false,
      ['sign'],
    )
    const n = bytesToBigInt(base64urlToBytes(publicKey.n))
    for (let i = 0; i < 5; i++) {
      const message = await newTokenMessage('ev-interop', random)
      const sig = new Uint8Array(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 0 }, signer, ascii(message)))
      const opened = bigIntToBytes(modPow(bytesToBigInt(sig), BigInt(65537), n), 256)
      expect(bytesToBase64url(opened)).toBe(bytesToBase64url(emsaPssEncodeNoSalt(ascii(message), 2047)))
      expect(verifyToken(publicKey, message, bytesToBase64url(sig))).toBe(true)
    }
  })

  it('refuses to finalize a blind signature made for another request', async () => {
    const a = await blindTokenRequest(publicKey, await newTokenMessage('ev-interop', random), random)
    const b = await blindTokenRequest(publicKey, await newTokenMessage('ev-interop', random), random)
    const sigB = await suite.blindSign(pair.privateKey, base64urlToBytes(b.blindedMessage))
    expect(() => finalizeToken(publicKey, a, bytesToBase64url(sigB))).toThrow('invalid signature')
  })
})

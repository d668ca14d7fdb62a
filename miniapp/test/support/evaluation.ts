import { constants, generateKeyPairSync, randomBytes, verify } from 'node:crypto'
import { blindTokenRequest, newTokenMessage } from '@openday/shared/evaluation-token'

/**
 * The server's side of the evaluation token in Node, for tests of the app: an RSA key, RSASP1 on
 * blinded requests (what workerd's RSA-RAW does) and OpenSSL's RSA-PSS verification of tokens.
 */
export function makeSigner() {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 })
  const jwk = pair.privateKey.export({ format: 'jwk' })
  const big = (b64: string) => BigInt(`0x${Buffer.from(b64, 'base64url').toString('hex') || '0'}`)
  const n = big(jwk.n!)
  const d = big(jwk.d!)
  const modPow = (b: bigint, e: bigint, m: bigint) => {
    let r = BigInt(1)
    b %= m
    for (; e > BigInt(0); e >>= BigInt(1), b = (b * b) % m) if (e & BigInt(1)) r = (r * b) % m
    return r
  }
  return {
    key: { eventId: 'ev1', suite: 'RSABSSA-SHA384-PSSZERO-Deterministic' as const, n: jwk.n!, e: jwk.e! },
    blindSign(blinded: string): string {
      const s = modPow(big(blinded), d, n)
      return Buffer.from(s.toString(16).padStart(512, '0'), 'hex').toString('base64url')
    },
    verify(message: string, signature: string): boolean {
      return verify('sha384', Buffer.from(message), { key: pair.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 0 }, Buffer.from(signature, 'base64url'))
    },
  }
}
export type Signer = ReturnType<typeof makeSigner>

export const nodeRandom = async (n: number) => new Uint8Array(randomBytes(n))

/** What the phone stores after signing up (features/evaluation/token-store.ts StoredToken). */
export async function storedToken(signer: Signer, eventId = 'ev1') {
  const message = await newTokenMessage(eventId, nodeRandom)
  const blinded = await blindTokenRequest(signer.key, message, nodeRandom)
  return { eventId, key: { n: signer.key.n, e: signer.key.e }, message, inv: blinded.inv, blindedMessage: blinded.blindedMessage }
}

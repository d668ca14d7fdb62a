import { sha384 } from '@noble/hashes/sha2.js'
import { EVALUATION_TOKEN_RANDOM_BYTES, tokenMessage } from './evaluation-rules'

// The device side of RSABSSA-SHA384-PSSZERO-Deterministic (RFC 9474): blind, finalize, verify.
// WeChat's JS engine has no WebCrypto, so this is plain BigInt arithmetic with @noble/hashes'
// SHA-384; randomness comes from the caller (crypto.getRandomValues in H5, wx.getRandomValues in
// the mini-program), never Math.random.
//
// This module needs BigInt. It is loaded only after `typeof BigInt === 'function'` was checked
// (see miniapp/src/features/evaluation/crypto.ts), and it writes no BigInt literals or `**`, so
// that Taro's ES5 transpilation of shared/ leaves it intact.

/** Fills `length` bytes with cryptographically secure random values. */
export type RandomBytes = (length: number) => Promise<Uint8Array>

/** An RSA public key as served by GET /events/:id/evaluation-key (base64url, big-endian). */
export interface TokenPublicKey {
  n: string
  e: string
}

/** What the device keeps between sign-up and the evaluation. `inv` is secret: it unblinds. */
export interface BlindedTokenRequest {
  message: string
  /** Sent to the server (registrations.evaluation_request). */
  blindedMessage: string
  inv: string
}

const HASH_BYTES = 48 // SHA-384
const ZERO = BigInt(0)
const ONE = BigInt(1)
const TWO = BigInt(2)

// ---- bytes, base64url, integers ----

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function bytesToBase64url(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63] + B64URL[(v >> 6) & 63] + B64URL[v & 63]
  }
  if (bytes.length - i === 1) {
    const v = bytes[i] << 16
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63]
  } else if (bytes.length - i === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8)
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63] + B64URL[(v >> 6) & 63]
  }
  return out
}

export function base64urlToBytes(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new Error('invalid base64url')
  const out = new Uint8Array(Math.floor((s.length * 6) / 8))
  let acc = 0
  let bits = 0
  let j = 0
  for (let i = 0; i < s.length; i++) {
    acc = ((acc << 6) | B64URL.indexOf(s[i])) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[j++] = (acc >> bits) & 0xff
    }
  }
  return out
}

/** ASCII only: token messages are ASCII, and the mini-program may lack TextEncoder. */
function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 0x7f) throw new Error('token messages are ASCII')
    out[i] = c
  }
  return out
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
  return hex ? BigInt('0x' + hex) : ZERO
}

export function bigIntToBytes(x: bigint, length: number): Uint8Array {
  let hex = x === ZERO ? '' : x.toString(16)
  if (x < ZERO || hex.length > length * 2) throw new Error('integer too large')
  while (hex.length < length * 2) hex = '0' + hex
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

function bitLength(x: bigint): number {
  return x === ZERO ? 0 : x.toString(2).length
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = ONE
  let b = base % modulus
  const bits = exponent.toString(2)
  for (let i = 0; i < bits.length; i++) {
    result = (result * result) % modulus
    if (bits[i] === '1') result = (result * b) % modulus
  }
  return result
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== ZERO) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/** a⁻¹ mod m by the extended Euclidean algorithm; throws when a and m share a factor. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m]
  let [oldS, s] = [ONE, ZERO]
  while (r !== ZERO) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== ONE) throw new Error('not invertible')
  return ((oldS % m) + m) % m
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

// ---- RSA-PSS encoding (RFC 8017 §9.1.1, §B.2.1) with SHA-384, MGF1-SHA-384 and no salt ----

function mgf1(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const counter = new Uint8Array(4)
  for (let done = 0, i = 0; done < length; i++) {
    counter[0] = (i >>> 24) & 0xff
    counter[1] = (i >>> 16) & 0xff
    counter[2] = (i >>> 8) & 0xff
    counter[3] = i & 0xff
    const block = sha384(concat(seed, counter))
    out.set(block.subarray(0, Math.min(block.length, length - done)), done)
    done += block.length
  }
  return out
}

/** EMSA-PSS-ENCODE(msg, emBits) with an empty salt: deterministic, emLen = ceil(emBits / 8) bytes. */
export function emsaPssEncodeNoSalt(message: Uint8Array, emBits: number): Uint8Array {
  const emLen = Math.ceil(emBits / 8)
  if (emLen < HASH_BYTES + 2) throw new Error('encoding error')
  const mHash = sha384(message)
  const h = sha384(concat(new Uint8Array(8), mHash))
  // DB = PS || 0x01 (the salt is empty)
  const db = new Uint8Array(emLen - HASH_BYTES - 1)
  db[db.length - 1] = 0x01
  const mask = mgf1(h, db.length)
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i]
  db[0] &= 0xff >> (8 * emLen - emBits)
  return concat(db, h, Uint8Array.of(0xbc))
}

// ---- the key ----

interface Key {
  n: bigint
  e: bigint
  /** Modulus length in bytes. */
  k: number
  emBits: number
}

function readKey(key: TokenPublicKey): Key {
  const n = bytesToBigInt(base64urlToBytes(key.n))
  const e = bytesToBigInt(base64urlToBytes(key.e))
  const bits = bitLength(n)
  if (bits < 2048 || e < BigInt(3) || e % TWO === ZERO) throw new Error('unsupported key')
  return { n, e, k: Math.ceil(bits / 8), emBits: bits - 1 }
}

/** The encoded message as an integer; RSASSA-PSS's m. */
function encodedMessage(key: Key, message: string): bigint {
  return bytesToBigInt(emsaPssEncodeNoSalt(asciiBytes(message), key.emBits))
}

async function randomBelow(n: bigint, k: number, random: RandomBytes): Promise<bigint> {
  // Uniform in [1, n): draw k bytes, keep only bit_len(n) bits, reject what is out of range.
  const extraBits = k * 8 - bitLength(n)
  for (let tries = 0; tries < 128; tries++) {
    const bytes = await random(k)
    if (bytes.length !== k) throw new Error('random source returned the wrong length')
    bytes[0] &= 0xff >> extraBits
    const r = bytesToBigInt(bytes)
    if (r > ZERO && r < n) return r
  }
  throw new Error('random source failed')
}

// ---- the protocol ----

/** A fresh token message for an event: `openday-eval-v1:<eventId>:<32 random bytes>`. */
export async function newTokenMessage(eventId: string, random: RandomBytes): Promise<string> {
  const bytes = await random(EVALUATION_TOKEN_RANDOM_BYTES)
  if (bytes.length !== EVALUATION_TOKEN_RANDOM_BYTES) throw new Error('random source returned the wrong length')
  return tokenMessage(eventId, bytesToBase64url(bytes))
}

/** RFC 9474 §4.2 Blind: hides `message` from the signer behind a random r. */
export async function blindTokenRequest(key: TokenPublicKey, message: string, random: RandomBytes): Promise<BlindedTokenRequest> {
  const pk = readKey(key)
  const m = encodedMessage(pk, message)
  if (gcd(m, pk.n) !== ONE) throw new Error('invalid input')
  for (let tries = 0; tries < 16; tries++) {
    const r = await randomBelow(pk.n, pk.k, random)
    if (gcd(r, pk.n) !== ONE) continue
    const inv = modInverse(r, pk.n)
    const z = (m * modPow(r, pk.e, pk.n)) % pk.n
    return { message, blindedMessage: bytesToBase64url(bigIntToBytes(z, pk.k)), inv: bytesToBase64url(bigIntToBytes(inv, pk.k)) }
  }
  throw new Error('blinding error')
}

/** RSASSA-PSS-VERIFY for this variant: with no salt the encoding is unique, so compare it. */
export function verifyToken(key: TokenPublicKey, message: string, signature: string): boolean {
  try {
    const pk = readKey(key)
    const sig = base64urlToBytes(signature)
    if (sig.length !== pk.k) return false
    const s = bytesToBigInt(sig)
    if (s >= pk.n) return false
    return modPow(s, pk.e, pk.n) === encodedMessage(pk, message)
  } catch {
    return false
  }
}

/**
 * RFC 9474 §4.4 Finalize: unblinds the server's blind signature and checks the result, so a
 * device never submits a token that would be refused. Throws 'invalid signature' otherwise.
 */
export function finalizeToken(key: TokenPublicKey, request: Pick<BlindedTokenRequest, 'message' | 'inv'>, blindSignature: string): string {
  const pk = readKey(key)
  const blindSig = base64urlToBytes(blindSignature)
  const inv = base64urlToBytes(request.inv)
  if (blindSig.length !== pk.k || inv.length !== pk.k) throw new Error('unexpected input size')
  const s = (bytesToBigInt(blindSig) * bytesToBigInt(inv)) % pk.n
  const signature = bytesToBase64url(bigIntToBytes(s, pk.k))
  if (!verifyToken(key, request.message, signature)) throw new Error('invalid signature')
  return signature
}

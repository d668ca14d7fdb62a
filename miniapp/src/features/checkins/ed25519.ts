// The only module that loads @noble/ed25519 (audited, no WebCrypto needed: WeChat has none).
// It needs BigInt, so it is imported lazily (verifier.ts): an engine without BigInt then only
// loses the offline verdict, and the server still decides every scan.
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'

ed.hashes.sha512 = sha512

const { Point } = ed
type Point = InstanceType<typeof Point>
const L = Point.CURVE().n

function fromLE(bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i])
  return n
}

/*
 * A door checks every ticket against the same public key A. noble's verify() multiplies A by
 * double-and-add on every call (two thirds of its time); with A fixed, its multiples are computed
 * once instead: table[w][j - 1] = j·16^w·A, so [k]A is at most 64 additions. Everything else is
 * noble's own verify() step by step (strict RFC 8032, as with { zip215: false }): the same point
 * decoding, the same range check on S, the same cofactored equation [8]([k]A + R − [S]B) = 0.
 * Tests compare it with ed.verify on valid, altered and malformed signatures.
 */
const WINDOWS = 64 // 64 × 4 bits covers k < L < 2^253

function multiplesOf(A: Point): Point[][] {
  const table: Point[][] = []
  let base = A
  for (let w = 0; w < WINDOWS; w++) {
    const row = [base]
    for (let j = 2; j <= 15; j++) row.push(row[j - 2].add(base))
    table.push(row)
    base = row[14].add(base) // 16·base
  }
  return table
}

function timesTable(table: Point[][], k: bigint): Point {
  let acc = Point.ZERO
  for (let w = 0; w < WINDOWS && k > 0n; w++, k >>= 4n) {
    const j = Number(k & 15n)
    if (j) acc = acc.add(table[w][j - 1])
  }
  return acc
}

type KeyVerifier = (signature: Uint8Array, message: Uint8Array) => boolean

function verifierFor(publicKey: Uint8Array): KeyVerifier {
  let A: Point
  try {
    A = Point.fromBytes(publicKey, false)
  } catch {
    return () => false
  }
  if (A.isSmallOrder()) return () => false // as noble's strict mode
  const table = multiplesOf(A)
  return (signature, message) => {
    if (signature.length !== 64) return false
    try {
      const r = signature.subarray(0, 32)
      const R = Point.fromBytes(r, false)
      const SB = Point.BASE.multiply(fromLE(signature.subarray(32, 64)), false) // refuses S ≥ L
      const hashed = new Uint8Array(64 + message.length)
      hashed.set(r, 0)
      hashed.set(publicKey, 32)
      hashed.set(message, 64)
      const k = fromLE(sha512(hashed)) % L
      return R.add(timesTable(table, k)).subtract(SB).clearCofactor().is0()
    } catch {
      return false
    }
  }
}

let current: { key: string; verify: KeyVerifier } | undefined
let tablesBuilt = 0

/** How many key tables were built (each costs ~10–30 ms): once per key, never per scan. */
export function keyTablesBuilt(): number {
  return tablesBuilt
}

/** Strict Ed25519 verification, as WebCrypto does on the server; false for any malformed input. */
export function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false
  const key = Array.from(publicKey, (b) => b.toString(16).padStart(2, '0')).join('')
  if (current?.key !== key) {
    current = { key, verify: verifierFor(publicKey) }
    tablesBuilt++
  }
  return current.verify(signature, message)
}

/**
 * Builds noble's tables for the base point (~40 ms on a first call) and, given the key, the
 * table of its multiples, so the first ticket at the door is checked as fast as the rest.
 */
export function warmUp(publicKey?: Uint8Array): void {
  Point.BASE.multiply(12345n, false)
  if (publicKey) verifySignature(new Uint8Array(64), new Uint8Array(0), publicKey)
}

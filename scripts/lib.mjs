// Shared steps of `npm start`, `npm test` and the benchmark: no dependencies beyond Node 20.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { webcrypto, randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const PNPM_VERSION = '10.34.9'
export const WRANGLER = path.join(ROOT, 'api/node_modules/.bin/wrangler')
/** Keep wrangler off the internet: no metrics, no cf-object fetch. */
export const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }

export function log(msg) {
  console.log(`\x1b[36m[openday]\x1b[0m ${msg}`)
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts })
  if (r.status !== 0) {
    console.error(`\n[openday] failed: ${cmd} ${args.join(' ')}`)
    process.exit(r.status ?? 1)
  }
}

function hasPnpm() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim() === PNPM_VERSION
  } catch {
    return false
  }
}

/** pnpm at the pinned version, installed with npm when missing (corepack fails on this registry). */
export function ensurePnpm() {
  if (hasPnpm()) return
  log(`installing pnpm@${PNPM_VERSION}`)
  run('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`])
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  ensurePnpm()
  const marker = path.join(ROOT, 'node_modules/.modules.yaml')
  const lock = path.join(ROOT, 'pnpm-lock.yaml')
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return
  log('installing dependencies (pnpm install --frozen-lockfile)')
  run('pnpm', ['install', '--frozen-lockfile'])
}

/** Fresh secrets for a local Worker: a session key, an Ed25519 ticket key, and dev mode on. */
export async function makeLocalSecrets() {
  const keys = await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])
  const jwk = await webcrypto.subtle.exportKey('jwk', keys.privateKey)
  return {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TICKET_PRIVATE_KEY: JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }),
    EVALUATION_KEY_SECRET: randomBytes(32).toString('base64url'),
    DEV_MODE: 'true',
  }
}

/**
 * Writes a dotenv file readable by wrangler. Single quotes, because dotenv keeps them literal
 * (in double quotes `\"` stays escaped and the JSON key would not parse).
 */
export function writeEnvFile(file, vars) {
  writeFileSync(file, Object.entries(vars).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n', { mode: 0o600 })
}

/** Local secrets for wrangler dev, made once and never committed (.dev.vars is git-ignored). */
export async function ensureDevVars() {
  const file = path.join(ROOT, '.dev.vars')
  if (existsSync(file)) return
  log('creating local secrets in .dev.vars')
  writeEnvFile(file, await makeLocalSecrets())
}

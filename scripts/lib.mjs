// Shared steps of `npm start`, `npm test` and the benchmark: no dependencies beyond Node 20.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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

/** The values a dotenv file sets (`KEY=value`, `KEY='value'`, `KEY="value"`; comments ignored). */
export function readEnvFile(text) {
  const vars = {}
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/)
    if (!m) continue
    const [, key, raw] = m
    vars[key] = /^'.*'$/.test(raw) || /^".*"$/.test(raw) ? raw.slice(1, -1) : raw
  }
  return vars
}

/** The keys a dotenv file sets (`KEY=…` lines; comments and blank lines ignored). */
export function envFileKeys(text) {
  return new Set(
    text
      .split('\n')
      .map((line) => line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/)?.[1])
      .filter(Boolean),
  )
}

/**
 * Local secrets for wrangler dev, made once and never committed (.dev.vars is git-ignored).
 * An existing file keeps every value it has; keys added to makeLocalSecrets since it was
 * written are appended, so a new secret does not need the file deleted (and the old session
 * key and ticket key, and the tickets signed with it, stay valid).
 */
export async function ensureDevVars() {
  const file = path.join(ROOT, '.dev.vars')
  const fresh = await makeLocalSecrets()
  if (!existsSync(file)) {
    log('creating local secrets in .dev.vars')
    writeEnvFile(file, fresh)
    return
  }
  const text = readFileSync(file, 'utf8')
  const have = envFileKeys(text)
  const missing = Object.fromEntries(Object.entries(fresh).filter(([k]) => !have.has(k)))
  if (Object.keys(missing).length === 0) return
  log(`adding ${Object.keys(missing).join(', ')} to .dev.vars`)
  const lines = Object.entries(missing).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n'
  appendFileSync(file, (text.endsWith('\n') || text === '' ? '' : '\n') + lines)
}

// A throwaway copy of the whole stack for tests and benchmarks: wrangler dev (Workers runtime +
// local D1) serving the H5 build and the API on one origin, with a fresh migrated and seeded
// database and its own secrets in a temporary folder. Never touches .dev.vars or .wrangler/.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ROOT, WRANGLER, WRANGLER_ENV, makeLocalSecrets, run, writeEnvFile } from './lib.mjs'
import { seed } from './seed.mjs'

const HOST = '127.0.0.1'

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host: HOST, exclusive: true }, () => srv.close(() => resolve(true)))
  })
}

/** The first free port from `preferred` on, never 8787 (kept for `npm start`). */
export async function freePort(preferred, avoid = []) {
  for (let p = preferred; p < preferred + 50; p++) {
    if (p === 8787 || avoid.includes(p)) continue
    if (await portIsFree(p)) return p
  }
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen({ port: 0, host: HOST }, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts the stack and resolves once /api/v1/health answers.
 * `extraSql`: SQL scripts applied to the fresh database after the demo seed, before the Worker
 * starts (the scale benchmark writes its big database this way).
 * @param {{ preferredPort?: number, logLevel?: string, verbose?: boolean, keepState?: boolean, extraSql?: string[] }} opts
 */
export async function startStack({ preferredPort = 8790, logLevel = 'warn', verbose = false, keepState = false, extraSql = [] } = {}) {
  // The [assets] directory must exist or wrangler dev refuses to start.
  mkdirSync(path.join(ROOT, 'miniapp/dist/h5'), { recursive: true })
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'openday-stack-'))
  run(WRANGLER, ['d1', 'migrations', 'apply', 'openday', '--local', '--persist-to', stateDir], {
    env: { ...WRANGLER_ENV, CI: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const envFile = path.join(stateDir, 'stack.env')
  const secrets = await makeLocalSecrets()
  // The end-to-end tests run at any hour: their stack lets SMS go out at night (SMS_QUIET_HOURS;
  // the quiet hours themselves are tested in api/test/notifications.test.ts at fixed times).
  writeEnvFile(envFile, { ...secrets, SMS_QUIET_HOURS: 'off' })
  await seed({ persistTo: stateDir, secrets })
  extraSql.forEach((sql, i) => {
    const file = path.join(stateDir, `extra-${i}.sql`)
    writeFileSync(file, sql)
    run(WRANGLER, ['d1', 'execute', 'openday', '--local', '--persist-to', stateDir, '--file', file], {
      env: WRANGLER_ENV,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  })
  const port = await freePort(preferredPort)
  const inspectorPort = await freePort(port + 100, [port])
  const args = [
    'dev',
    '--ip', HOST,
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--persist-to', stateDir,
    '--show-interactive-dev-session=false',
    '--log-level', logLevel,
    // Its own secrets: --env-file makes wrangler skip the root .dev.vars.
    '--env-file', envFile,
  ]
  // Its own process group, so stopping it also stops the workerd processes it starts.
  const child = spawn(WRANGLER, args, { cwd: ROOT, env: WRANGLER_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let tail = ''
  const keep = (chunk) => {
    tail = (tail + chunk).slice(-8000)
    if (verbose) process.stderr.write(chunk)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)

  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig)
    } catch {}
  }
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0)
      return true
    } catch {
      return false
    }
  }
  const removeState = () => {
    if (!keepState) rmSync(stateDir, { recursive: true, force: true })
  }
  const onExit = () => {
    signal('SIGTERM')
    removeState()
  }
  process.on('exit', onExit)

  /** Stops wrangler and waits for its whole group (SIGKILL after 5 s), then removes the state. */
  async function stop() {
    process.off('exit', onExit)
    signal('SIGTERM')
    const deadline = Date.now() + 5000
    while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    if (groupAlive()) signal('SIGKILL')
    removeState()
  }

  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })))
  const base = `http://${HOST}:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 250))])
    if (done) {
      await stop()
      throw new Error(`wrangler dev exited (${done.code ?? done.sig}) before answering:\n${tail}`)
    }
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return { base, port, stateDir, stop, tail: () => tail }
    } catch {}
  }
  await stop()
  throw new Error(`wrangler dev did not answer /api/v1/health within 60 s:\n${tail}`)
}

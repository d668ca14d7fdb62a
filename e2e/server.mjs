// Starts the real stack for end-to-end tests: wrangler dev (Workers runtime + local D1) serving
// the built H5 app and the API on one origin, with a fresh database in a temporary folder.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, WRANGLER, WRANGLER_ENV, ensureDevVars, run } from '../scripts/lib.mjs'
import { seed } from '../scripts/seed.mjs'

export async function startStack(port) {
  await ensureDevVars()
  const persistTo = mkdtempSync(path.join(tmpdir(), 'openday-e2e-'))
  run(WRANGLER, ['d1', 'migrations', 'apply', 'openday', '--local', '--persist-to', persistTo], {
    env: { ...WRANGLER_ENV, CI: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  seed({ persistTo })
  const child = spawn(
    WRANGLER,
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo, '--show-interactive-dev-session=false'],
    { cwd: ROOT, env: WRANGLER_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const res = await fetch(`${base}/api/v1/health`)
      if (res.ok) break
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`wrangler dev did not start:\n${output.slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    base,
    logs: () => output,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      await new Promise((r) => setTimeout(r, 300))
      rmSync(persistTo, { recursive: true, force: true })
    },
  }
}

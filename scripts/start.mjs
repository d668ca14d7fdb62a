// `npm start`: install, create local secrets, migrate, seed the demo, build H5, serve on :8787.
import { spawn } from 'node:child_process'
import { ROOT, WRANGLER, WRANGLER_ENV, ensureDependencies, ensureDevVars, log, run } from './lib.mjs'
import { startCronTicker } from './cron.mjs'

const PORT = process.env.PORT ?? '8787'

ensureDependencies()
await ensureDevVars()
log('applying D1 migrations (local)')
run(WRANGLER, ['d1', 'migrations', 'apply', 'openday', '--local'], { env: { ...WRANGLER_ENV, CI: 'true' } })
const { seed, DEMO_STAFF, DEMO_CITIZEN_PHONE, DEMO_TRACKING_CODE } = await import('./seed.mjs')
log('seeding the demo: an upcoming and a past open day (idempotent)')
await seed()
log('building the H5 app')
run('pnpm', ['--filter', '@openday/miniapp', 'build:h5'])

const url = `http://127.0.0.1:${PORT}`
log(`starting wrangler dev on ${url}`)
const child = spawn(WRANGLER, ['dev', '--ip', '127.0.0.1', '--port', PORT, '--show-interactive-dev-session=false'], {
  cwd: ROOT,
  env: WRANGLER_ENV,
  stdio: ['inherit', 'pipe', 'inherit'],
})
let announced = false
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  if (!announced && /Ready on/.test(String(chunk))) {
    announced = true
    // Cron Triggers do not fire under wrangler dev: call them on their schedule (scripts/cron.mjs).
    startCronTicker(url)
    console.log(`
  ┌──────────────────────────────────────────────────────────────┐
    OpenDay 开放日 is running: ${url}
    Citizen app (H5):  ${url}/
    API:               ${url}/api/v1/health
    Demo staff logins (工作人员入口):
${DEMO_STAFF.map((s) => `      ${`${s.username} / ${s.password}`.padEnd(30)}${s.displayName}`).join('\n')}
    Demo citizen:      SMS login with ${DEMO_CITIZEN_PHONE} (我的报名);
                       SMS codes are shown on screen in local dev mode.
    意见查询 code:     ${DEMO_TRACKING_CODE}
  └──────────────────────────────────────────────────────────────┘
`)
  }
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))

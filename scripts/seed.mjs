// Seeds the demo (scripts/demo-data.mjs) into the local D1. Idempotent: running it again adds
// nothing and keeps every id; only the upcoming demo events' dates move forward once they have ended.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEMO_LOGIN, demoSeedStatements } from './demo-data.mjs'
import { ROOT, WRANGLER, WRANGLER_ENV, readEnvFile, run } from './lib.mjs'

export { DEMO_CITIZEN_PHONE, DEMO_LOGIN, DEMO_STAFF, DEMO_TRACKING_CODE } from './demo-data.mjs'

/**
 * @param {{ persistTo?: string, secrets?: { EVALUATION_KEY_SECRET?: string } }} opts
 *   `secrets`: the Worker's secrets (the demo's evaluation key is sealed with
 *   EVALUATION_KEY_SECRET); read from the root .dev.vars when not given.
 */
export async function seed({ persistTo, secrets } = {}) {
  const devVars = path.join(ROOT, '.dev.vars')
  const evaluationKeySecret = secrets?.EVALUATION_KEY_SECRET ?? (existsSync(devVars) ? readEnvFile(readFileSync(devVars, 'utf8')).EVALUATION_KEY_SECRET : undefined)
  if (!evaluationKeySecret) throw new Error('EVALUATION_KEY_SECRET is missing: run `npm start` once to create .dev.vars')
  const { people, evaluation } = await demoSeedStatements({ evaluationKeySecret })
  const dir = mkdtempSync(path.join(tmpdir(), 'openday-seed-'))
  const extra = persistTo ? ['--persist-to', persistTo] : []
  try {
    // Two runs, two transactions: no commit writes both people and evaluation data (docs/privacy.md).
    for (const [name, statements] of [['people', people], ['evaluation', evaluation]]) {
      const file = path.join(dir, `${name}.sql`)
      writeFileSync(file, statements.map((s) => `${s};`).join('\n'))
      run(WRANGLER, ['d1', 'execute', 'openday', '--local', '--file', file, ...extra], { env: WRANGLER_ENV, stdio: ['ignore', 'ignore', 'inherit'] })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await seed()
  console.log(`demo seeded; staff login ${DEMO_LOGIN.username} / ${DEMO_LOGIN.password}`)
}

// `npm test`: type checks, then every suite: shared, API (Workers runtime + local D1),
// mini-program (components + built weapp), end-to-end (H5 in Chromium against wrangler dev),
// and the deliberate breaks (scripts/mutations.mjs): each rule broken once must fail a test.
import { ensureDependencies, log, run } from './lib.mjs'

ensureDependencies()

const pnpm = (...args) => ['pnpm', args]
const steps = [
  ['type check: shared', pnpm('--filter', '@openday/shared', 'typecheck')],
  ['type check: api', pnpm('--filter', '@openday/api', 'typecheck')],
  ['type check: miniapp', pnpm('--filter', '@openday/miniapp', 'typecheck')],
  ['tests: shared', pnpm('--filter', '@openday/shared', 'test')],
  ['tests: api', pnpm('--filter', '@openday/api', 'test')],
  ['tests: miniapp', pnpm('--filter', '@openday/miniapp', 'test')],
  ['tests: end-to-end', pnpm('--filter', '@openday/e2e', 'test')],
  ['tests: mutations (every rule broken once must fail a test)', ['node', ['scripts/mutations.mjs']]],
]
const only = process.argv.slice(2)
for (const [name, [cmd, args]] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue
  log(name)
  run(cmd, args)
}
log('all checks passed')

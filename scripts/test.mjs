// `npm test`: type checks, then every suite: shared, API (Workers runtime + local D1),
// mini-program (components + built weapp), end-to-end (H5 in Chromium against wrangler dev).
import { ensureDependencies, log, run } from './lib.mjs'

ensureDependencies()

const steps = [
  ['type check: shared', ['--filter', '@openday/shared', 'typecheck']],
  ['type check: api', ['--filter', '@openday/api', 'typecheck']],
  ['type check: miniapp', ['--filter', '@openday/miniapp', 'typecheck']],
  ['tests: shared', ['--filter', '@openday/shared', 'test']],
  ['tests: api', ['--filter', '@openday/api', 'test']],
  ['tests: miniapp', ['--filter', '@openday/miniapp', 'test']],
  ['tests: end-to-end', ['--filter', '@openday/e2e', 'test']],
]
const only = process.argv.slice(2)
for (const [name, args] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue
  log(name)
  run('pnpm', args)
}
log('all checks passed')

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const appRoot = fileURLToPath(new URL('../../', import.meta.url))
const built = join(appRoot, 'dist/weapp/app.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/**
 * The weapp smoke test runs the real build. Build it when it is missing or older than the
 * sources (miniapp/src, shared/src, config), or always with WEAPP_REBUILD=1.
 */
export default function setup() {
  const sources = [join(appRoot, 'src'), join(appRoot, 'config'), join(appRoot, '../shared/src')]
  const stale =
    !existsSync(built) ||
    process.env.WEAPP_REBUILD === '1' ||
    Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(built).mtimeMs
  if (!stale) return
  console.log('[weapp] building dist/weapp (taro build --type weapp)…')
  const r = spawnSync('pnpm', ['exec', 'taro', 'build', '--type', 'weapp'], {
    cwd: appRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (r.status !== 0 || !existsSync(built)) {
    throw new Error(`taro build --type weapp failed:\n${`${r.stdout}\n${r.stderr}`.slice(-4000)}`)
  }
  console.log('[weapp] built')
}

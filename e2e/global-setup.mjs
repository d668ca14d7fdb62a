import { startStack } from '../scripts/stack.mjs'

export default async function setup({ provide }) {
  const stack = await startStack({ preferredPort: 8790, logLevel: 'warn' })
  provide('baseUrl', stack.base)
  return () => stack.stop()
}

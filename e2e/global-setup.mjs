import { startStack } from '../scripts/stack.mjs'

export default async function setup({ provide }) {
  const stack = await startStack({ preferredPort: 8790, logLevel: 'warn' })
  provide('baseUrl', stack.base)
  // Tests that let time pass for an event (move its dates into the past) write to its D1 here.
  provide('stateDir', stack.stateDir)
  return () => stack.stop()
}

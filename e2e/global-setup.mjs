import { startStack } from './server.mjs'

export const E2E_PORT = 8790

export default async function setup({ provide }) {
  const stack = await startStack(E2E_PORT)
  provide('baseUrl', stack.base)
  return () => stack.stop()
}

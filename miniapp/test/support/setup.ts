// Build-time flags that Taro's bundler normally defines; @tarojs/components pulls in the runtime.
for (const flag of [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER',
]) {
  ;(globalThis as Record<string, unknown>)[flag] = true
}
// false: define the custom elements (taro-input-core etc.) so that Input renders a real <input>.
;(globalThis as Record<string, unknown>).DEPRECATED_ADAPTER_COMPONENT = false

import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { resetTaro } from './taro'

beforeEach(() => resetTaro())
afterEach(() => cleanup())

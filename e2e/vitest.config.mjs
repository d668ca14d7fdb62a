import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.mjs'],
    globalSetup: ['./global-setup.mjs'],
    // A local wrangler dev request that never gets an answer is asked once more (support/fetch-stall.mjs).
    setupFiles: ['./support/fetch-stall.mjs'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  test: {
    projects: [
      {
        // View components in jsdom, with Taro's React components and a test double of Taro's APIs.
        resolve: {
          alias: [
            { find: /^@tarojs\/taro$/, replacement: r('./test/support/taro.ts') },
            { find: /^@tarojs\/components$/, replacement: '@tarojs/components/lib/react/index.js' },
          ],
        },
        define: {
          API_BASE: JSON.stringify('http://api.test/api/v1'),
          H5_ORIGIN: JSON.stringify('http://h5.test'),
        },
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['test/components/**/*.test.{ts,tsx}', 'test/unit/**/*.test.ts'],
          setupFiles: ['test/support/setup.ts'],
        },
      },
      {
        // The real dist/weapp output in miniprogram-simulate (built first by globalSetup).
        test: {
          name: 'weapp',
          environment: 'jsdom',
          include: ['test/weapp/**/*.test.ts'],
          globalSetup: ['test/weapp/global-setup.ts'],
          testTimeout: 30000,
          hookTimeout: 180000,
        },
      },
    ],
  },
})

import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const platform = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'
// @openday/shared ships TypeScript source: it must go through Taro's babel/ts pipeline.
const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src')

/**
 * @openday/shared is imported through its index, which re-exports everything, so without this
 * every page that only needs a label or formatRange would also load zod and all the schemas
 * (~100 KB gzip). Its modules are pure apart from zod.ts (z.config), which stays included
 * whenever `z` is used: mark the others side-effect free so webpack drops what a chunk does
 * not use.
 */
function sharedIsPure(chain: { module: any }) {
  chain.module
    .rule('openday-shared-pure')
    .test((file: string) => file.startsWith(sharedSrc) && !file.endsWith(`${path.sep}zod.ts`))
    .sideEffects(false)
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'openday-miniapp',
    date: '2026-1-1',
    // Styles are written for a 375-wide phone in px. weapp: px -> rpx (x2, scales with the
    // phone). H5: no conversion, so 17px stays 17px on any screen and browser zoom works.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      // weapp talks to an absolute API origin; H5 is served by the Worker on the same origin.
      API_BASE: JSON.stringify(
        platform === 'h5' ? '/api/v1' : process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8787/api/v1',
      ),
      H5_ORIGIN: JSON.stringify(process.env.TARO_APP_H5_ORIGIN || 'http://127.0.0.1:8787'),
    },
    copy: {
      // H5: the door's offline app shell (service worker) must sit at a fixed URL, unhashed.
      patterns: platform === 'h5' ? [{ from: 'src/features/checkins/door-sw.js', to: 'dist/h5/door-sw.js' }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      webpackChain(chain) {
        sharedIsPure(chain)
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      webpackChain(chain) {
        sharedIsPure(chain)
        // Taro splits only initial chunks, so every lazily loaded page would carry its own copy
        // of react, zod and @openday/shared. Split async chunks too: one common chunk, small pages.
        const splitChunks = chain.optimization.get('splitChunks')
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all', minSize: 20000 })
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})

import path from 'node:path'
import webpack from 'webpack'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const platform = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'
// @openday/shared ships TypeScript source: it must go through Taro's babel/ts pipeline.
const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src')

/**
 * H5: the staff check-in screen gets its own document, /scan/index.html, a copy of the built
 * index.html (same hashed scripts, hash routes): _headers lets only that document use the
 * camera. Runs after HtmlWebpackPlugin has written index.html.
 */
class ScanShellPlugin {
  apply(compiler: any) {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('ScanShellPlugin', (compilation: any) => {
      compilation.hooks.processAssets.tap({ name: 'ScanShellPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const shell = compilation.getAsset('index.html')
        if (shell) compilation.emitAsset('scan/index.html', new sources.RawSource(shell.source.source()))
      })
    })
  }
}

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

/**
 * Taro.request on H5 imports fetch and AbortController polyfills and a JSONP client, so every
 * page loaded ~9 KB gzip for browsers the app does not support anyway (it needs fetch,
 * AbortController and WebCrypto: iOS Safari 12.2+, Chrome/WebView 66+, WeChat's in-app
 * browser) and for JSONP, which it never uses. They are replaced by stubs.
 */
function h5WithoutOldBrowserPolyfills(chain: { resolve: any }) {
  const stub = (name: string) => path.resolve(__dirname, 'h5-stubs', name)
  chain.resolve.alias
    .set('whatwg-fetch$', stub('empty.js'))
    .set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', stub('empty.js'))
    .set('jsonp-retry$', stub('jsonp.js'))
}

/**
 * Taro.showModal / showToast / showLoading / showActionSheet on H5 come from our own accessible
 * implementation (src/h5/interaction.ts): one dialog with role, focus trap and readable
 * contrast for every caller, and ~5 KB gzip less than Taro's. Taro's H5 index and its clipboard
 * API import the module by relative path, so it is swapped by request, before resolution (the
 * replacement then goes through the normal TypeScript loaders). weapp keeps WeChat's native UI.
 */
function h5AccessibleInteraction(chain: { plugin: any }) {
  const ours = path.resolve(__dirname, '..', 'src', 'h5', 'interaction.ts')
  chain.plugin('h5-accessible-interaction').use(webpack.NormalModuleReplacementPlugin, [
    /[\\/]ui[\\/]interaction[\\/]index\.js$/,
    (resource: { context?: string; request?: string }) => {
      if (resource.context && /@tarojs[\\/]taro-h5[\\/]dist/.test(resource.context)) resource.request = ours
    },
  ])
}

/**
 * Taro's H5 terser settings keep every function name and quote every object key (for IE-era
 * engines): about 4 KB gzip per page. The supported browsers need neither, and two compress
 * passes with ES2017 output take off a few KB more.
 */
function h5Minify(chain: { optimization: any }) {
  chain.optimization.minimizer('terserPlugin').tap((args: any[]) => {
    const options = args[0].terserOptions
    options.keep_fnames = false
    options.ecma = 2017
    options.compress = { ...(options.compress ?? {}), passes: 2 }
    options.output = { ...options.output, quote_keys: false, keep_quoted_props: false }
    return args
  })
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'openday-miniapp',
    date: '2026-1-1',
    // Styles are written for a 375-wide phone in px and compiled to rem on both targets
    // (16px = 1rem), so the user's text size scales them: see components/TextSize.tsx.
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
      // H5: the static headers (CSP, HSTS, cache) for Workers static assets, and the door's
      // offline app shell (a service worker), which must sit at a fixed, unhashed URL.
      // Both: the share image (lib/share.ts), at /share.png on H5 (og:image of the share pages,
      // api/src/share/pages.ts) and in the mini-program's package for its share cards.
      patterns:
        platform === 'h5'
          ? [
              { from: 'src/_headers', to: 'dist/h5' },
              { from: 'src/features/checkins/door-sw.js', to: 'dist/h5/door-sw.js' },
              { from: 'src/assets/share.png', to: 'dist/h5/share.png' },
            ]
          : [{ from: 'src/assets/share.png', to: `dist/${platform}/assets/share.png` }],
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
        // px → rem (1rem = 16px at design size), so page-meta's root-font-size (WeChat's font
        // setting or 大字模式) scales text and boxes; 1px hairlines stay px.
        pxtransform: { enable: true, config: { targetUnit: 'rem', baseFontSize: 16, minPixelValue: 2 } },
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
        chain.plugin('scanShell').use(ScanShellPlugin)
        // Taro splits only initial chunks, so every lazily loaded page would carry its own copy
        // of react, zod and @openday/shared. Split async chunks too: one common chunk, small pages.
        const splitChunks = chain.optimization.get('splitChunks')
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all', minSize: 30000 })
        h5WithoutOldBrowserPolyfills(chain)
        h5Minify(chain)
        h5AccessibleInteraction(chain)
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
        // px → rem against the browser's default font size (no root-size script in index.html),
        // so the browser's and the phone's text-size setting scale everything; 1px stays px.
        pxtransform: { enable: true, config: { targetUnit: 'rem', baseFontSize: 16, minPixelValue: 2 } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})

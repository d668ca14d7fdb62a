// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
//
// H5 is compiled for the browsers it supports (it needs fetch, AbortController and WebCrypto:
// iOS Safari 12.2+, Chrome/Android WebView 66+, WeChat's in-app browser), so async functions,
// classes and spread stay native instead of shipping regenerator and helpers with every page.
// The mini-program keeps package.json's browserslist (WeChat's engines, ES5 output).
const H5_TARGETS = { ios: '12.2', safari: '12.1', chrome: '66', android: '66', edge: '79', firefox: '78' }

module.exports = {
  presets: [
    ['taro', { framework: 'react', ts: true, compiler: 'webpack5', ...(process.env.TARO_ENV === 'h5' ? { targets: H5_TARGETS } : {}) }],
  ],
}

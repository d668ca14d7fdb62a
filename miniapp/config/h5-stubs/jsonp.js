// Replaces jsonp-retry in the H5 build: Taro.request only uses it with `jsonp: true`, which the
// app never sets. Failing loudly beats shipping 12 KB of JSONP client to every page.
export default function jsonp() {
  return Promise.reject(new Error('JSONP requests are not supported in this app'))
}

// A plain TCP-level stand-in for the door's network: a local HTTP proxy in front of the stack that
// can be cut (every connection reset, open ones included) and restored. Chromium's own offline
// emulation lets the odd request through right after a reload served by a service worker
// (observed with playwright-core 1.65 + Chromium 156), so the tests cut the link here as well.
import http from 'node:http'

/** Starts a proxy to `target` (http://host:port) on a free 127.0.0.1 port. */
export async function startCuttableProxy(target) {
  const upstream = new URL(target)
  const sockets = new Set()
  let cut = false
  const server = http.createServer((req, res) => {
    if (cut) return req.socket.destroy()
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    forward.on('error', () => req.socket.destroy())
    req.pipe(forward)
  })
  server.on('connection', (socket) => {
    if (cut) return socket.destroy()
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    base: `http://127.0.0.1:${port}`,
    /** No connection gets through until restore(); open ones are reset now. */
    cut() {
      cut = true
      for (const s of sockets) s.destroy()
    },
    restore() {
      cut = false
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(resolve)
    }),
  }
}

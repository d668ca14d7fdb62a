import type { Server } from 'node:http'

/** Starts a local fake on a free loopback port; it does not keep the test process alive. */
export function listenOnLoopback(server: Server): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      server.unref()
      resolve({ server, base: `http://127.0.0.1:${port}` })
    })
  })
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AppServices } from '../app-services.js'
import { createTonghopYoga } from './create-yoga.js'

/** Largest body accepted: uploads may be as large as the upload cap (plus form overhead), everything else far smaller. */
function bodyLimit(req: IncomingMessage, services: AppServices): number {
  const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
  return multipart ? services.config.maxUploadBytes + 256 * 1024 : services.config.maxRequestBytes
}

function refuse(res: ServerResponse, limit: number): void {
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
  res.end(JSON.stringify({ errors: [{ message: `Yêu cầu quá lớn (tối đa ${Math.round(limit / 1024)} KB)`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }))
}

export function listen(services: AppServices, port = services.config.port): Promise<Server> {
  const yoga = createTonghopYoga(services)
  const server = createServer((req, res) => {
    const limit = bodyLimit(req, services)
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return refuse(res, limit)
    // A streamed body of unknown length could be any size: clients must declare it (all browsers do).
    if (req.method === 'POST' && req.headers['content-length'] === undefined) {
      res.writeHead(411, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
      res.end(JSON.stringify({ errors: [{ message: 'Yêu cầu cần tiêu đề Content-Length', extensions: { code: 'LENGTH_REQUIRED' } }] }))
      return
    }
    void yoga(req, res)
  })
  // Slow-loris and stuck uploads must not hold sockets forever.
  server.requestTimeout = 120_000
  server.headersTimeout = 20_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, services.config.host, () => resolve(server))
  })
}

/**
 * Stops answering: live subscriptions end first (their open responses would keep the server from closing), then the
 * server closes, then the database.
 */
export async function stopServing(server: Server, services: AppServices): Promise<void> {
  await services.live.close()
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  await closed
  await services.database.close()
}

import { createServer, type Server } from 'node:http'
import type { AppServices } from '../app-services.js'
import { createTonghopYoga } from './create-yoga.js'

export function listen(services: AppServices): Promise<Server> {
  const yoga = createTonghopYoga(services)
  const server = createServer(yoga)
  // Slow-loris and stuck uploads must not hold sockets forever.
  server.requestTimeout = 120_000
  server.headersTimeout = 20_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(services.config.port, services.config.host, () => resolve(server))
  })
}

import type { AppServices } from '../app-services.js'
import { healthRoute } from './health-route.js'

export type RestRoute = (services: AppServices, request: Request, url: URL, clientAddress: string) => Promise<Response | null>

// /health first: it answers whatever else is registered
const routes: RestRoute[] = [healthRoute]

/** Features with plain HTTP endpoints (file downloads) register here at import time. */
export function registerRestRoute(route: RestRoute): void {
  routes.push(route)
}

export async function handleRestRoutes(services: AppServices, request: Request, clientAddress: string): Promise<Response | null> {
  const url = new URL(request.url)
  if (url.pathname === '/graphql') return null
  for (const route of routes) {
    const response = await route(services, request, url, clientAddress)
    if (response) return response
  }
  return null
}

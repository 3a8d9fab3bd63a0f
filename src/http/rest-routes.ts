import type { AppServices } from '../app-services.js'

export type RestRoute = (services: AppServices, request: Request, url: URL, clientAddress: string) => Promise<Response | null>

/** The first route that answers wins; the yoga factory lists them (`createTonghopYoga`). */
export async function handleRestRoutes(routes: readonly RestRoute[], services: AppServices, request: Request, clientAddress: string): Promise<Response | null> {
  const url = new URL(request.url)
  if (url.pathname === '/graphql') return null
  for (const route of routes) {
    const response = await route(services, request, url, clientAddress)
    if (response) return response
  }
  return null
}

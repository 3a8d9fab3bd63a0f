import { databaseHealth } from '../domain/health/database-health.js'
import type { RestRoute } from './rest-routes.js'

/**
 * GET /health for load balancers and supervisors: 200 when the database answers, 503 when it does not; the workers'
 * count is reported ("degraded" while a dead worker is being replaced) but does not fail the check, since the process
 * answering is serving.
 */
export const healthRoute: RestRoute = async (services, request, url) => {
  if (url.pathname !== '/health' || (request.method !== 'GET' && request.method !== 'HEAD')) return null
  const database = await databaseHealth(services.database)
  const workers = services.workers.current()
  const status = database.state !== 'ok' ? 'unavailable' : workers && workers.listening < workers.expected ? 'degraded' : 'ok'
  return Response.json({ status, database, workers }, { status: database.state === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } })
}

import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor'
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention'
import { NoSchemaIntrospectionCustomRule } from 'graphql'
import { createFetch } from '@whatwg-node/fetch'
import { createYoga, type Plugin } from 'graphql-yoga'
import { schema } from '../../schema/index.js'
import type { GraphQLContext } from '../../schema/context.js'
import type { AppServices } from '../app-services.js'
import { useBodyLimit } from './body-limit.js'
import { useCompiledQueries } from './compiled-queries.js'
import { useComplexityLimit } from './complexity-limit.js'
import { useHiddenSuggestions } from './hide-suggestions.js'
import { useListLimits } from './list-limits.js'
import { usePothosCacheRelease } from './pothos-request-caches.js'
import { useSecurityHeaders } from './security-headers.js'
import { downloadRoute } from './download-route.js'
import { maskUnexpectedErrors } from './error-masking.js'
import { healthRoute } from './health-route.js'
import { handleRestRoutes, type RestRoute } from './rest-routes.js'
import { useBrowserSessions } from './browser-session-plugin.js'
import { graphQLContext } from './graphql-context.js'
import { sessionOfGraphQLRequest } from './request-viewer.js'
import { useSessionConfirmation } from './session-confirmation.js'
import { webAppRoute } from './web-app-route.js'

/** Every plain HTTP endpoint the server has besides /graphql; the web application's pages last (it answers any other GET). */
const REST_ROUTES: readonly RestRoute[] = [healthRoute, downloadRoute, webAppRoute]

/** The peer address: from Node's socket when served over HTTP, or given by tests through the server context. */
function clientAddress(_request: Request, serverContext: Record<string, unknown>): string {
  if (typeof serverContext.clientAddress === 'string') return serverContext.clientAddress
  const req = serverContext.req as { socket?: { remoteAddress?: string } } | undefined
  return req?.socket?.remoteAddress ?? 'local'
}

/** Routes that are not GraphQL (file downloads) are answered before yoga sees the request. */
function useRestRoutes(services: AppServices): Plugin {
  return {
    async onRequest({ request, endResponse, serverContext }) {
      const response = await handleRestRoutes(REST_ROUTES, services, request, clientAddress(request, serverContext as Record<string, unknown>))
      if (response) endResponse(response)
    },
  }
}

export function createTonghopYoga(services: AppServices) {
  const production = services.config.mode === 'production'
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // yoga's own check answers an empty 200 to any path ending in its endpoint, before any plugin: moved out of the way
    // of GET /health (health-route.ts), which reports the database and the workers
    healthCheckEndpoint: '/.well-known/yoga-liveness',
    graphiql: production ? false : { title: 'tonghop — GraphQL', defaultQuery: '{ unit(code: "01.PL") { name ancestors { code name } } }' },
    // Yoga's default reflects any Origin with credentials; only configured origins may call from a browser.
    cors: { origin: services.config.corsOrigins.length ? services.config.corsOrigins : 'null', credentials: false, methods: ['GET', 'POST'] },
    // the one place unexpected errors are masked; expected ones (DomainError) keep their code (error-masking.ts)
    maskedErrors: { isDev: false, maskError: maskUnexpectedErrors },
    batching: false,
    // replaced by useBodyLimit, which trusts a declared Content-Length instead of piping every body through a counter
    maxRequestBodySize: false,
    fetchAPI: createFetch({ formDataLimits: { fileSize: services.config.maxUploadBytes, files: 20, fieldSize: services.config.maxRequestBytes, fields: 50 } }),
    plugins: [
      useBrowserSessions(services),
      useRestRoutes(services),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-tonghop-csrf'] }),
      EnvelopArmorPlugin({
        maxDepth: { n: 12, ignoreIntrospection: true, exposeLimits: true },
        maxAliases: { n: 30, exposeLimits: true },
        maxTokens: { n: 3000, exposeLimits: true },
        // armor's cost grows geometrically with depth and rejects ordinary tree queries; useComplexityLimit (complexity-limit.ts) prices lists instead.
        costLimit: { enabled: false },
        maxDirectives: { n: 20, exposeLimits: true },
        // its mask misses enum values and variables: useHiddenSuggestions below covers every kind.
        blockFieldSuggestion: { enabled: false },
      }),
      useListLimits(),
      // before any executor: a refused operation runs nothing
      useComplexityLimit(),
      // before the session confirmation, which runs whichever executor it is given (twice when a session changed)
      useCompiledQueries(),
      // a session from the cache is confirmed before the answer leaves (session-cache.ts)
      useSessionConfirmation(services),
      usePothosCacheRelease(),
      ...(production ? [useDisableIntrospection(), useHiddenSuggestions()] : []),
      useSecurityHeaders({ production }),
      // last: it wraps whichever request parser the plugins before it chose
      useBodyLimit(),
    ],
    context: async ({ request, ...serverContext }) => graphQLContext(services, request, clientAddress(request, serverContext), await sessionOfGraphQLRequest(services, request)),
  })
}

function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}

import { createGraphQLError, type Plugin } from 'graphql-yoga'

/** yoga's own default cap; the HTTP server (serve.ts) refuses anything past the configured, much smaller limits first. */
export const YOGA_BODY_LIMIT = 25_000_000

const DECLARED_LENGTH = /^\d+$/

const tooLarge = () => createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } })

/**
 * yoga's body limit (turned off in create-yoga.ts) pipes every request body through a counting TransformStream, which
 * costs a stream pipeline, two abort signals and a DOMException per request (≈10% of a ward rollup's CPU). A declared
 * Content-Length is enough when it is present: Node's HTTP parser delivers exactly that many bytes and refuses a
 * request that also says Transfer-Encoding, and serve.ts requires it on every POST. Only a body of unknown length
 * (in-process callers of yoga.fetch) is still counted as it streams.
 */
export function useBodyLimit(limit = YOGA_BODY_LIMIT): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length')
      if (declared !== null) {
        if (!DECLARED_LENGTH.test(declared)) throw createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } })
        if (Number(declared) > limit) throw tooLarge()
        return
      }
      if (!requestParser || !request.body) return
      const parse = requestParser
      setRequestParser((req) => parse(counted(req, limit, fetchAPI)))
    },
  }
}

function counted(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  // a native ReadableStream body needs the native TransformStream (graphql-yoga#4583)
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream
  let read = 0
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength
        if (read > limit) controller.error(tooLarge())
        else controller.enqueue(chunk)
      },
    }),
  )
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body, duplex: 'half' } as RequestInit)
}

import { GraphQLError } from 'graphql'
import { maskError, type MaskError } from 'graphql-yoga'
import { DomainError } from '../domain/domain-error.js'

// The one place failures leave the server. Expected ones are DomainErrors (stable code, Vietnamese message, place);
// a GraphQL field that can fail returns them as a member of its result union (schema/errors.ts), and what reaches
// here — a field without a union, a download — keeps its code and message. Everything else is masked.

/** The expected failure behind an error, if it is one: a DomainError, thrown directly or inside a resolver. */
export function expectedFailureOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error
  if (error instanceof GraphQLError && error.originalError instanceof DomainError) return error.originalError
  return null
}

/** HTTP status of an expected failure answered outside GraphQL (downloads). */
export function httpStatusOf(failure: DomainError): number {
  return failure.code === 'EXPORT_UNAVAILABLE' ? 503 : 422
}

/** The body a plain HTTP route answers with for an expected failure: the same code and message GraphQL gives. */
export function expectedFailureResponse(failure: DomainError): Response {
  return Response.json(
    { error: failure.message, code: failure.code, ...(failure.place ? { place: failure.place } : {}) },
    { status: httpStatusOf(failure), headers: { 'cache-control': 'no-store' } },
  )
}

/** yoga's maskedErrors hook: expected failures keep their code; unexpected errors become "Unexpected error." with no detail. */
export const maskUnexpectedErrors: MaskError = (error, message) => {
  const failure = expectedFailureOf(error)
  if (!failure) return maskError(error, message, false)
  const at = error instanceof GraphQLError ? error : null
  return new GraphQLError(failure.message, {
    nodes: at?.nodes,
    source: at?.source,
    positions: at?.positions,
    path: at?.path,
    extensions: { code: failure.code, ...(failure.place ? { place: failure.place } : {}) },
  })
}

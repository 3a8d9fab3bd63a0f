import { GraphQLError } from 'graphql'
import { maskError, type MaskError } from 'graphql-yoga'
import { explainDatabaseError } from '../db/database-errors.js'
import { DomainError } from '../domain/domain-error.js'

// The one place failures leave the server. Expected ones are DomainErrors (stable code, Vietnamese message, place);
// a GraphQL field that can fail returns them as a member of its result union (schema/errors.ts), and what reaches
// here — a field without a union, a download — keeps its code and message. Everything else is masked.

// What a user is told when the database itself fails under a request: the operator's text (which names settings and
// files) goes to the server's log; the user learns that nothing was saved and whom to tell.
const USER_MESSAGES: Record<string, string> = {
  DB_DISK_FULL: 'Máy chủ không lưu được vì ổ đĩa của máy chủ đã đầy. Không có gì bị ghi dở. Hãy báo quản trị viên hệ thống, rồi làm lại sau khi đã giải phóng dung lượng.',
  DB_READ_ONLY: 'Máy chủ đang chỉ cho đọc, không ghi được. Không có gì bị ghi dở. Hãy báo quản trị viên hệ thống.',
  DB_CORRUPT: 'Cơ sở dữ liệu của máy chủ bị lỗi. Không có gì bị ghi dở. Hãy báo ngay quản trị viên hệ thống và đừng gửi lại cho đến khi được báo.',
  DB_UNREACHABLE: 'Máy chủ tạm thời không kết nối được cơ sở dữ liệu. Không có gì bị ghi dở. Hãy thử lại sau ít phút; nếu vẫn lỗi, báo quản trị viên hệ thống.',
}

function rootCause(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error
}

/** A database state (disk full, read-only …) behind an error, as the user is told it; the operator's reading is logged. */
function databaseFailureOf(error: unknown): DomainError | null {
  const state = explainDatabaseError(rootCause(error))
  const message = state ? USER_MESSAGES[state.code] : undefined
  if (!state || !message) return null
  console.error(`tonghop: ${state.message}`)
  return new DomainError(state.code, message)
}

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
  const failure = expectedFailureOf(error) ?? databaseFailureOf(error)
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

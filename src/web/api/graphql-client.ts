import type { TypedDocumentString } from '../gql/graphql'

const CSRF_COOKIE = 'tonghop_csrf'

/** The session's CSRF value, readable by our own page only (SameSite=Strict); sent on every POST. */
export function csrfToken(): string {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === CSRF_COOKIE) return rest.join('=')
  }
  return ''
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

type Listener = () => void
const forbiddenListeners = new Set<Listener>()

/** The session layer listens: a FORBIDDEN answer may mean the session expired, which sends the user to log in. */
export function onForbidden(listener: Listener): () => void {
  forbiddenListeners.add(listener)
  return () => forbiddenListeners.delete(listener)
}

interface GraphQLBody<R> {
  data?: R
  errors?: { message: string; extensions?: { code?: string } }[]
}

async function parse<R>(response: Response): Promise<R> {
  const body = (await response.json().catch(() => ({ errors: [{ message: `Máy chủ trả lời lỗi ${response.status}` }] }))) as GraphQLBody<R>
  const error = body.errors?.[0]
  if (error) {
    const code = error.extensions?.code ?? 'ERROR'
    if (code === 'FORBIDDEN') for (const l of forbiddenListeners) l()
    throw new ApiError(error.message, code)
  }
  if (!body.data) throw new ApiError('Máy chủ không trả lời', 'NO_DATA')
  return body.data
}

export async function gqlRequest<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-tonghop-csrf': csrfToken() },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  })
  return parse<R>(response)
}

/** A GraphQL multipart request (one file, at variables.file), as the upload mutation takes it. */
export async function gqlUpload<R, V extends { file: unknown }>(document: TypedDocumentString<R, V>, variables: Omit<V, 'file'>, file: File): Promise<R> {
  const form = new FormData()
  form.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, file: null } }))
  form.append('map', JSON.stringify({ 0: ['variables.file'] }))
  form.append('0', file, file.name)
  const response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { 'x-tonghop-csrf': csrfToken() }, body: form })
  return parse<R>(response)
}

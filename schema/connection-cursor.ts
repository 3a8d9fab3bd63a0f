import { DomainError } from '../src/domain/domain-error.js'

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

export function decodeCursor<T>(cursor: string | null | undefined, check: (v: unknown) => v is T): T | null {
  if (cursor == null) return null
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (check(v)) return v
  } catch {
    // fall through to the user-facing error
  }
  throw new DomainError('BAD_CURSOR', 'Con trỏ phân trang (after) không hợp lệ')
}

export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** The largest page a connection serves, and the one it serves without `first`. */
export const PAGE_MAX = 200
export const PAGE_DEFAULT = 50

export function pageSize(first: number | null | undefined, max = PAGE_MAX): number {
  const n = first ?? PAGE_DEFAULT
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new DomainError('BAD_PAGE_SIZE', `Tham số first phải từ 0 đến ${max}`)
  }
  return n
}

/** Builds a Relay connection from rows fetched with limit = size + 1 (the extra row says whether there is a next page). */
export function connectionFrom<T>(rows: T[], size: number, cursorOf: (row: T) => string) {
  const page = rows.slice(0, size)
  return {
    edges: page.map((node) => ({ node, cursor: cursorOf(node) })),
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: false,
      startCursor: page.length ? cursorOf(page[0] as T) : null,
      endCursor: page.length ? cursorOf(page[page.length - 1] as T) : null,
    },
  }
}

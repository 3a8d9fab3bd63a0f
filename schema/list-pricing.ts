import { getNamedType, getNullableType, isListType, type GraphQLField } from 'graphql'
import { PAGE_DEFAULT, PAGE_MAX } from './connection-cursor.js'

/** An unpriced list's assumed size, and the most a list field with `first` returns (lateUnits, missingUnits). */
const DEFAULT_LIST = 10
const LIST_FIRST_MAX = 1000

type FieldPrice = number | { field: number; multiplier: number }

/**
 * The complexity of every field from the arguments the request actually gave (inline or variables): a connection
 * costs its page (`first`/`last`) times its selection, its `edges` list nothing more; a list field costs its `first`,
 * else the length of its longest list argument (`nodes(ids:)`, `series(periods:)`), else 10 items.
 */
export function fieldPrice<C>(args: Record<string, unknown>, field: GraphQLField<unknown, C>): FieldPrice {
  const named = getNamedType(field.type).name
  const page = [args.first, args.last].find((v): v is number => typeof v === 'number')
  // A page over the maximum is refused by the resolver (BAD_PAGE_SIZE) before any work, so it is priced at the maximum.
  if (named.endsWith('Connection') && ('first' in args || 'last' in args)) return { field: 1, multiplier: clamp(page ?? PAGE_DEFAULT, PAGE_MAX) }
  if (!isListType(getNullableType(field.type))) return 1
  if (field.name === 'edges' && named.endsWith('Edge')) return { field: 1, multiplier: 1 }
  const lists = Object.values(args).filter((v): v is unknown[] => Array.isArray(v))
  const longest = lists.length ? Math.max(...lists.map((l) => l.length)) : undefined
  return { field: 1, multiplier: page !== undefined ? clamp(page, LIST_FIRST_MAX) : (longest ?? DEFAULT_LIST) }
}

const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), max)

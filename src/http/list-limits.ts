import { GraphQLError, visit, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'

/** No list argument (ids, kinds, periods, codes, unit kinds …) may hold more items, inline or in variables. */
export const MAX_LIST_ITEMS = 500
/** Items over all the lists of one request's variables, JSON arguments included. */
export const MAX_VARIABLE_ITEMS = 5000

interface LongList {
  where: string
  length: number
  max: number
}

/** Iterative (a deeply nested JSON body must not overflow the stack): the first list over the cap, or the total. */
function longVariable(variables: unknown): LongList | null {
  const stack: { value: unknown; where: string }[] = [{ value: variables, where: '' }]
  let total = 0
  while (stack.length > 0) {
    const { value, where } = stack.pop() as { value: unknown; where: string }
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_ITEMS) return { where, length: value.length, max: MAX_LIST_ITEMS }
      total += value.length
      if (total > MAX_VARIABLE_ITEMS) return { where: 'các biến', length: total, max: MAX_VARIABLE_ITEMS }
      value.forEach((v, i) => stack.push({ value: v, where: `${where}[${i}]` }))
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, where: where ? `${where}.${k}` : `$${k}` })
    }
  }
  return null
}

// yoga's parser cache hands every request with the same text the same document: it is walked once, not per request
const literalsChecked = new WeakMap<DocumentNode, LongList | null>()

function longLiteral(document: DocumentNode): LongList | null {
  const known = literalsChecked.get(document)
  if (known !== undefined) return known
  const found = findLongLiteral(document)
  literalsChecked.set(document, found)
  return found
}

function findLongLiteral(document: DocumentNode): LongList | null {
  let found: LongList | null = null
  let argument = ''
  visit(document, {
    Argument(node) {
      argument = node.name.value
    },
    ListValue(node) {
      if (!found && node.values.length > MAX_LIST_ITEMS) found = { where: argument || 'danh sách', length: node.values.length, max: MAX_LIST_ITEMS }
    },
  })
  return found
}

function listTooLong(hit: LongList): GraphQLError {
  const n = (v: number) => v.toLocaleString('vi-VN')
  return new GraphQLError(`Danh sách ${hit.where} có ${n(hit.length)} phần tử, vượt giới hạn ${n(hit.max)}; hãy chia thành nhiều yêu cầu nhỏ hơn`, {
    extensions: { code: 'LIST_TOO_LONG', found: hit.length, max: hit.max },
  })
}

/**
 * Lists in variables escape graphql-armor's token limit (a 900 KB body of 60,000 ids is a handful of tokens), and
 * the complexity check prices a list only after it has been coerced: the length of every list is checked here, on
 * the raw variables and on the parsed query, before graphql-js coerces anything or any resolver runs.
 */
export function useListLimits(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const hit = longVariable(args.variableValues ?? {}) ?? longLiteral(args.document)
      if (hit) setResultAndStopExecution({ errors: [listTooLong(hit)] })
    },
  }
}


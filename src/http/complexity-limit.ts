import { complexityFromQuery, type ComplexityResult } from '@pothos/plugin-complexity'
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema } from 'graphql'
import type { Plugin } from 'graphql-yoga'

/** 60,000: two levels of 100-unit pages with a few fields each (10,000 units) pass; 200 × 200 × 200 does not. */
export const COMPLEXITY_LIMIT = { complexity: 60_000, depth: 14, breadth: 400 } as const

/** The refusal a client sees, with what was found and what is allowed. */
function tooComplex(found: ComplexityResult): GraphQLError | null {
  const over: [string, number, number] | null = found.depth > COMPLEXITY_LIMIT.depth ? ['độ sâu', found.depth, COMPLEXITY_LIMIT.depth]
    : found.breadth > COMPLEXITY_LIMIT.breadth ? ['số trường', found.breadth, COMPLEXITY_LIMIT.breadth]
      : found.complexity > COMPLEXITY_LIMIT.complexity ? ['độ phức tạp', found.complexity, COMPLEXITY_LIMIT.complexity] : null
  if (!over) return null
  const [label, value, max] = over
  return new GraphQLError(`Truy vấn vượt giới hạn ${label} (${value} > ${max}); hãy chia nhỏ truy vấn`, { extensions: { code: 'QUERY_TOO_COMPLEX' } })
}

/** Variable sets remembered per query document; a dashboard sends the same few again and again. */
const PER_DOCUMENT = 64

/** Longer variables are priced each time, not remembered: what is kept stays small whatever clients send. */
const REMEMBERED_KEY_MAX = 2_000

/**
 * Every operation is priced from its shape and its arguments (variables included) before anything runs, as the
 * Pothos complexity plugin prices it (the fields' prices are set in builder.ts and list-pricing.ts), and refused over
 * COMPLEXITY_LIMIT. The plugin priced it again on every request; the price of one document with one set of variables
 * never changes, so it is remembered, by the document yoga's parse cache hands out and the variables as JSON (about
 * 20 µs of a ward rollup request's CPU). A query whose variables do not fit is not priced: the executor refuses it
 * before any resolver runs, with graphql-js's own message.
 */
export function useComplexityLimit(): Plugin {
  const prices = new WeakMap<DocumentNode, Map<string, ComplexityResult | null>>()
  const priceOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): ComplexityResult | null => {
    let known = prices.get(document)
    if (!known) prices.set(document, (known = new Map()))
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`
    if (known.has(key)) return known.get(key)!
    let price: ComplexityResult | null
    try {
      // complexityFromQuery prices the document's first operation: the one asked for goes first
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName))
      const rest = document.definitions.filter((d) => d !== operation)
      price = operation ? complexityFromQuery({ ...document, definitions: [operation, ...rest] }, { schema, variables: variables ?? {} }) : null
    } catch {
      price = null
    }
    if (key.length > REMEMBERED_KEY_MAX) return price
    if (known.size >= PER_DOCUMENT) known.delete(known.keys().next().value as string)
    known.set(key, price)
    return price
  }
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }): GraphQLError | null => {
    const price = priceOf(args.schema, args.document, args.operationName, args.variableValues ?? undefined)
    return price ? tooComplex(price) : null
  }
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args)
      if (refused) setResultAndStopExecution({ errors: [refused] })
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args)
      if (refused) setResultAndStopExecution({ errors: [refused] })
    },
  }
}

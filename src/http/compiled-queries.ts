import { useGraphQlJit } from '@envelop/graphql-jit'
import { getOperationAST, getVariableValues } from 'graphql'
import type { Plugin } from 'graphql-yoga'

/**
 * Queries run compiled (graphql-jit): each query document is turned once into a function for its own selection,
 * instead of graphql-js walking the selection field by field on every request. A dashboard's rollup answers about a
 * hundred fields, and that walk was the largest share of a rollup request's CPU after the HTTP layer itself.
 *
 * Mutations and subscriptions keep graphql-js: they are few, and they write. A query whose variables do not fit its
 * definitions keeps it too, so the error it gets is graphql-js's own, with its suggestions in development (jit's
 * coercion words them differently and suggests nothing).
 */
export function useCompiledQueries(): Plugin {
  // an envelop plugin; it reads nothing of yoga's context, so it is one of yoga's too
  return useGraphQlJit({}, {
    enableIf: ({ schema, document, operationName, variableValues }) => {
      const operation = getOperationAST(document, operationName)
      if (operation?.operation !== 'query') return false
      if (!operation.variableDefinitions?.length) return true
      return getVariableValues(schema, operation.variableDefinitions, variableValues ?? {}).errors === undefined
    },
  }) as Plugin
}

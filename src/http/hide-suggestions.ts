import { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'

// graphql-js writes `Did you mean "x"?` and `Did you mean the enum value "quarter"?` (validation of literals, and
// coercion of variables during execution); armor's own mask only matches the first form and only at validation.
const SUGGESTION = /\s*Did you mean [^?]*\?/g

function hide(error: unknown): unknown {
  if (!(error instanceof GraphQLError) || !error.message.includes('Did you mean')) return error
  return new GraphQLError(error.message.replace(SUGGESTION, '').trim(), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  })
}

/** Production: no error names a field, argument, type or enum value the caller did not write. */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((e) => hide(e) as GraphQLError))
      }
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return
          setResult({ ...result, errors: result.errors.map((e) => hide(e) as GraphQLError) })
        },
      }
    },
  }
}

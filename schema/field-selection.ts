import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql'

/**
 * Every field name selected anywhere below the current field, through fragments: lets a resolver skip the parts of
 * an expensive result (children, texts, targets) that the query does not read.
 */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>()
  const seenFragments = new Set<string>()
  const walk = (set: SelectionSetNode | undefined): void => {
    if (!set) return
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        names.add(sel.name.value)
        walk(sel.selectionSet)
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet)
      } else if (!seenFragments.has(sel.name.value)) {
        seenFragments.add(sel.name.value)
        walk(info.fragments[sel.name.value]?.selectionSet)
      }
    }
  }
  for (const node of info.fieldNodes) walk(node.selectionSet)
  return names
}

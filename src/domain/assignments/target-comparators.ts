// How a target is judged (domain.md §5.7). Written as the symbols clerks type; they are not valid GraphQL enum names,
// so the API carries them as strings and validates against this list.
export const COMPARATORS = ['>', '>=', '<', '<=', '='] as const
export type Comparator = (typeof COMPARATORS)[number]

export function isComparator(value: string): value is Comparator {
  return (COMPARATORS as readonly string[]).includes(value)
}

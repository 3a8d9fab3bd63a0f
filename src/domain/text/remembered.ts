/**
 * `fn` with its recent answers kept: the same labels come back in every upload of a form, and every header line in
 * each. Bounded (cleared when full; long inputs not kept) so that hostile text cannot grow it without limit.
 */
export function remembered(fn: (s: string) => string, max = 20_000, maxLength = 500): (s: string) => string {
  const kept = new Map<string, string>()
  return (s) => {
    let out = kept.get(s)
    if (out !== undefined) return out
    out = fn(s)
    if (s.length <= maxLength) {
      if (kept.size >= max) kept.clear()
      kept.set(s, out)
    }
    return out
  }
}

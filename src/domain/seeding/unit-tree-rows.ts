export interface TreeInput {
  code: string
  parent: string | null
}

/**
 * Orders units so that every parent comes before its children, with each one's depth.
 * Seed files are validated for unknown parents and cycles before they get here; the
 * national generator feeds this too, so it refuses them again rather than loop or corrupt.
 */
export function topologicalOrder<T extends TreeInput>(units: readonly T[]): { ordered: T[]; depth: Map<string, number> } {
  const byCode = new Map(units.map((u) => [u.code, u]))
  const depth = new Map<string, number>()
  const ordered: T[] = []
  for (const start of units) {
    if (depth.has(start.code)) continue
    // Walk up iteratively: trees of 100,000 units must not overflow the stack.
    const chain: T[] = []
    const onChain = new Set<string>()
    let cur: T | undefined = start
    while (cur && !depth.has(cur.code)) {
      if (onChain.has(cur.code)) throw new Error(`Vòng lặp trong cây đơn vị tại "${cur.code}"`)
      onChain.add(cur.code)
      chain.push(cur)
      if (cur.parent === null) break
      const parent = byCode.get(cur.parent)
      if (!parent) throw new Error(`Đơn vị "${cur.code}" có đơn vị cấp trên "${cur.parent}" không tồn tại`)
      cur = parent
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const u = chain[i] as T
      depth.set(u.code, u.parent === null ? 0 : (depth.get(u.parent) ?? 0) + 1)
      ordered.push(u)
    }
  }
  return { ordered, depth }
}

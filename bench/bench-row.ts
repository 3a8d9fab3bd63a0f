export interface BenchRow {
  name: string
  ms: number
  baselineMs: number | null
  note?: string
}

export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`)
  console.log(`  ${'measure'.padEnd(52)} ${'tonghop'.padStart(11)} ${'baseline'.padStart(11)} ${'speed-up'.padStart(9)}`)
  for (const r of rows) {
    const ratio = r.baselineMs !== null && r.ms > 0 ? `${(r.baselineMs / r.ms).toFixed(1)}×` : '—'
    const base = r.baselineMs === null ? '—' : `${r.baselineMs.toFixed(1)} ms`
    console.log(`  ${r.name.padEnd(52)} ${`${r.ms.toFixed(1)} ms`.padStart(11)} ${base.padStart(11)} ${ratio.padStart(9)}${r.note ? `  ${r.note}` : ''}`)
  }
}

/** Runs `fn` `times` times and returns the median duration in milliseconds. */
export async function medianMs(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < times; i++) {
    const t = performance.now()
    await fn(i)
    ms.push(performance.now() - t)
  }
  return median(ms)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

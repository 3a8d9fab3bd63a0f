import type { Reporter, TestCase } from 'vitest/node'

/** Prints how many tests ran on each database, and a closing "N passed, N failed" line. */
export default class DialectCountReporter implements Reporter {
  private readonly counts = new Map<string, { passed: number; failed: number; skipped: number }>()

  onTestCaseResult(test: TestCase): void {
    const dialect = /^\[(sqlite|postgres)\]/.exec(test.fullName)?.[1] ?? 'no database'
    const c = this.counts.get(dialect) ?? { passed: 0, failed: 0, skipped: 0 }
    const state = test.result().state
    if (state === 'passed') c.passed++
    else if (state === 'failed') c.failed++
    else c.skipped++
    this.counts.set(dialect, c)
  }

  onTestRunEnd(): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    console.log('\nTests by database:')
    for (const [dialect, c] of [...this.counts].sort()) {
      console.log(`  ${dialect.padEnd(12)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`)
      passed += c.passed
      failed += c.failed
      skipped += c.skipped
    }
    console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  }
}

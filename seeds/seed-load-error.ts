import { formatIssue } from './seed-issue.js'
import type { SeedIssue } from './seed-issue.js'

// Enough to act on without flooding a terminal; `issues` always holds all of them.
const LISTED = 50

export class SeedLoadError extends Error {
  readonly issues: SeedIssue[]

  constructor(issues: SeedIssue[]) {
    const lines = issues.slice(0, LISTED).map((i) => `- ${formatIssue(i)}`)
    if (issues.length > LISTED) lines.push(`- … và ${issues.length - LISTED} lỗi khác`)
    super(`Dữ liệu khởi tạo không hợp lệ (${issues.length} lỗi):\n${lines.join('\n')}`)
    this.name = 'SeedLoadError'
    this.issues = issues
  }
}

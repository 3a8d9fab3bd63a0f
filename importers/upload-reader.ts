// Which reader an upload gets. Parsing is linear in the inflated XML (exceljs's parsers; no workbook object is built,
// so no cell-by-cell expansion of merged ranges or defined names), so a small upload is bounded by its size alone and
// is read in the calling thread: a ward's return is 40 KB inflated, read in about 2 ms, where a round trip to a reader
// thread added one to two milliseconds more. Anything larger goes to a reader thread, bounded by the clock.
import { readWorkbookIsolated } from './isolated-workbook-reader.js'
import { readWorkbook, type ReadLimits, type ReadResult } from './workbook-reader.js'
import { inspectXlsx } from './zip-guard.js'

/**
 * Inflated bytes read in the calling thread. Sheets of 400–530 KB read at 110–150 µs per KB on this machine, so this
 * is some 30 ms of parsing at most; a ward's table of 100 branches is about 100 KB.
 */
export const IN_THREAD_MAX_INFLATED = 256 * 1024

export async function readUpload(bytes: Buffer, limits: Partial<ReadLimits> = {}): Promise<ReadResult> {
  const inspected = await inspectXlsx(bytes)
  if (inspected.ok && inspected.totalUncompressed > IN_THREAD_MAX_INFLATED) return readWorkbookIsolated(bytes, limits)
  // Refusals (not a zip, a bomb, too large) are reported here at no cost. The inflation that follows is checked
  // against these declared sizes, so a lying directory cannot make the in-thread parse larger than this.
  return readWorkbook(bytes, limits, inspected.ok ? inspected : undefined)
}

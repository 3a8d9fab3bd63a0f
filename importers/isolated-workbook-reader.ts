// Reads uploads in worker threads, so a hostile or huge workbook can be stopped while exceljs is still parsing it
// (terminating the thread is the only way to interrupt a synchronous parse) and the server's event loop keeps
// answering meanwhile. A small pool of reused threads, one upload at a time each; a thread that ran out of time or
// memory is terminated and replaced.
import { Worker } from 'node:worker_threads'
import { unpackReadResult, type PackedReadResult } from './grid-transfer.js'
import { importError } from './import-finding.js'
import { DEFAULT_READ_LIMITS, type ReadLimits, type ReadResult } from './workbook-reader.js'
import type { ReadJob } from './workbook-reader-thread.js'

/**
 * Heap of a reader thread: a workbook that needs more is refused (the thread dies, the server does not). The size
 * caps keep real uploads far below it; a smaller limit made V8 collect garbage so often that reading took 1.6× as long.
 */
const THREAD_HEAP_MB = 2048
const POOL_SIZE = 2

const TIMEOUT_MESSAGE = 'Tệp mất quá nhiều thời gian để đọc. Hãy xóa các trang, dòng, cột thừa rồi tải lên lại.'
const DIED_MESSAGE = 'Không đọc được tệp: tệp quá lớn hoặc hỏng. Hãy mở tệp bằng Excel, xóa các trang, dòng, cột thừa, lưu lại dạng .xlsx rồi tải lên lại.'

interface Job {
  bytes: Buffer
  limits: Partial<ReadLimits>
  resolve: (r: ReadResult) => void
}

interface Thread {
  worker: Worker
  job: Job | null
  timer: NodeJS.Timeout | null
}

const queue: Job[] = []
const threads = new Set<Thread>()

function refused(code: 'FILE_PARSE_TIMEOUT' | 'FILE_CORRUPT', message: string): ReadResult {
  return { ok: false, findings: [importError(code, message)] }
}

function finish(t: Thread, result: ReadResult): void {
  const job = t.job
  if (t.timer) clearTimeout(t.timer)
  t.job = null
  t.timer = null
  job?.resolve(result)
}

function retire(t: Thread, result: ReadResult): void {
  if (!threads.delete(t)) return
  finish(t, result)
  void t.worker.terminate()
  dispatch()
}

function startThread(): Thread {
  const worker = new Worker(new URL('./workbook-reader-thread-entry.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } })
  const t: Thread = { worker, job: null, timer: null }
  worker.on('message', (m: { result?: PackedReadResult; error?: string }) => {
    finish(t, m.result ? unpackReadResult(m.result) : refused('FILE_CORRUPT', `Không đọc được nội dung tệp Excel: ${(m.error ?? '').slice(0, 120)}`))
    // an idle reader thread must not keep a CLI process alive
    worker.unref()
    dispatch()
  })
  worker.on('error', () => retire(t, refused('FILE_CORRUPT', DIED_MESSAGE)))
  worker.on('exit', () => retire(t, refused('FILE_CORRUPT', DIED_MESSAGE)))
  threads.add(t)
  return t
}

function dispatch(): void {
  while (queue.length > 0) {
    const t = [...threads].find((x) => x.job === null) ?? (threads.size < POOL_SIZE ? startThread() : null)
    if (!t) return
    const job = queue.shift() as Job
    t.job = job
    // the clock starts when the thread starts on this upload, not while it waits for a thread
    t.timer = setTimeout(() => retire(t, refused('FILE_PARSE_TIMEOUT', TIMEOUT_MESSAGE)), job.limits.maxParseMs ?? DEFAULT_READ_LIMITS.maxParseMs)
    t.worker.ref()
    // a copy: the caller keeps its bytes (they are stored with the upload)
    const copy = new Uint8Array(job.bytes)
    const message: ReadJob = { bytes: copy, limits: job.limits }
    t.worker.postMessage(message, [copy.buffer])
  }
}

/** readWorkbook in a reader thread, bounded by `maxParseMs` of wall-clock time while it parses. */
export function readWorkbookIsolated(bytes: Buffer, limits: Partial<ReadLimits> = {}): Promise<ReadResult> {
  return new Promise<ReadResult>((resolve) => {
    queue.push({ bytes, limits, resolve })
    dispatch()
  })
}

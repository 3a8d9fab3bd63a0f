// Runs inside a reader thread (see isolated-workbook-reader.ts): reads one upload at a time and posts the grids back.
import { parentPort } from 'node:worker_threads'
import { packReadResult } from './grid-transfer.js'
import { readWorkbook, type ReadLimits } from './workbook-reader.js'

export interface ReadJob {
  bytes: Uint8Array
  limits: Partial<ReadLimits>
}

parentPort?.on('message', (job: ReadJob) => {
  void readWorkbook(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.limits).then(
    (result) => {
      const { packed, transfer } = packReadResult(result)
      parentPort?.postMessage({ result: packed }, transfer)
    },
    (err: unknown) => parentPort?.postMessage({ error: String((err as Error)?.message ?? err) }),
  )
})

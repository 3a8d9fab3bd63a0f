// What `GET /health` says about the server's processes. Under `tonghop serve` with workers, the primary tells every
// worker the current count whenever a worker starts listening or exits; a single process says so itself.

export interface WorkerStatus {
  /** `cluster`: worker processes under a primary; `single`: one process serves. */
  mode: 'cluster' | 'single'
  expected: number
  listening: number
  /** The process that answered. */
  pid: number
}

export interface WorkerStatusMessage {
  tonghop: 'workers'
  expected: number
  listening: number
}

let current: Omit<WorkerStatus, 'pid'> | null = null

export function setWorkerStatus(status: Omit<WorkerStatus, 'pid'>): void {
  current = status
}

/** Null when the server was not started by `tonghop serve` (tests through yoga.fetch). */
export function workerStatus(): WorkerStatus | null {
  return current ? { ...current, pid: process.pid } : null
}

export function isWorkerStatusMessage(m: unknown): m is WorkerStatusMessage {
  return typeof m === 'object' && m !== null && (m as { tonghop?: unknown }).tonghop === 'workers'
}

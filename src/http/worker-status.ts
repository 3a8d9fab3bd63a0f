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

/**
 * The process's own view of the workers, held in its AppServices (one per process, not per module): `tonghop serve`
 * reports into it, the health route reads it. Empty when the server was not started by `tonghop serve` (tests
 * through yoga.fetch), so /health says nothing about workers there.
 */
export class WorkerStatusBoard {
  private status: Omit<WorkerStatus, 'pid'> | null = null

  report(status: Omit<WorkerStatus, 'pid'>): void {
    this.status = status
  }

  current(): WorkerStatus | null {
    return this.status ? { ...this.status, pid: process.pid } : null
  }
}

export function isWorkerStatusMessage(m: unknown): m is WorkerStatusMessage {
  return typeof m === 'object' && m !== null && (m as { tonghop?: unknown }).tonghop === 'workers'
}

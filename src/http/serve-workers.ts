// Several HTTP worker processes share one port (node:cluster), so rollup reads use every core. The primary migrates
// and seeds once, then only watches: a worker that dies is replaced. SQLite in WAL mode lets the workers read at once;
// their writes queue on the database lock (transactions begin immediate, see create-database.ts).
import cluster, { type Worker } from 'node:cluster'
import type { Server } from 'node:http'
import { buildAppServices } from '../bootstrap.js'
import type { AppConfig } from '../config/config.js'
import { openDatabase } from '../db/create-database.js'
import { listen, stopServing } from './serve.js'
import { isWorkerStatusMessage, type WorkerStatusMessage } from './worker-status.js'

/** The download-link secret of a development run is made once by the primary, so a link works on every worker. */
const SECRET_ENV = 'TONGHOP_WORKER_SECRET'

export const isServeWorker = (): boolean => cluster.isWorker

/** Forks `count` workers; resolves when all of them listen, with a function that stops them. */
export function startWorkers(count: number, secret: string): Promise<() => Promise<void>> {
  // The workers accept from the shared socket themselves (SCHED_NONE) instead of the primary dealing connections
  // round-robin: a dealt connection waits in the primary until its worker acknowledges it, and if that worker hangs
  // and is killed, nobody ever answers or closes it (a clerk's upload spins until the browser gives up). Accepting in
  // the workers also sends new connections to whichever worker is free, not to a stuck one.
  cluster.schedulingPolicy = cluster.SCHED_NONE
  let stopping = false
  const live = new Set<Worker>()
  const listening = new Set<Worker>()
  // every worker learns the count, for GET /health
  const broadcast = (): void => {
    const message: WorkerStatusMessage = { tonghop: 'workers', expected: count, listening: listening.size }
    for (const w of listening) if (w.isConnected()) w.send(message)
  }
  const fork = (): Worker => {
    const worker = cluster.fork({ [SECRET_ENV]: secret })
    live.add(worker)
    worker.once('listening', () => {
      listening.add(worker)
      broadcast()
    })
    worker.once('exit', (code, signal) => {
      live.delete(worker)
      listening.delete(worker)
      if (stopping) return
      broadcast()
      console.error(`tonghop: tiến trình phục vụ ${worker.process.pid} dừng (${signal ?? code}); khởi động tiến trình thay thế`)
      const next = fork()
      next.once('listening', () => console.error(`tonghop: tiến trình thay thế ${next.process.pid} đã sẵn sàng`))
    })
    return worker
  }
  const stop = async (): Promise<void> => {
    stopping = true
    await Promise.all([...live].map((w) => new Promise<void>((resolve) => {
      if (w.isDead()) return resolve()
      w.once('exit', () => resolve())
      w.process.kill('SIGTERM')
    })))
  }
  return new Promise((resolve, reject) => {
    let ready = 0
    for (let i = 0; i < count; i++) {
      const w = fork()
      const failed = (code: number | null) => {
        void stop().then(() => reject(new Error(`tonghop: tiến trình phục vụ không khởi động được (mã ${code})`)))
      }
      w.once('exit', failed)
      w.once('listening', () => {
        w.off('exit', failed)
        if (++ready === count) resolve(stop)
      })
    }
  })
}

/** A worker: opens its own database handle and serves until the primary or a signal stops it. */
export async function runServeWorker(config: AppConfig): Promise<number> {
  const secret = process.env[SECRET_ENV] ?? config.secret
  if (!secret) throw new Error(`${SECRET_ENV} is missing: workers are started by \`tonghop serve\``)
  const services = buildAppServices({ ...config, secret }, openDatabase(config))
  services.workers.report({ mode: 'cluster', expected: config.workers, listening: 0 })
  process.on('message', (m: unknown) => {
    if (isWorkerStatusMessage(m)) services.workers.report({ mode: 'cluster', expected: m.expected, listening: m.listening })
  })
  const server: Server = await listen(services)
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
    process.once('disconnect', resolve)
  })
  await stopServing(server, services)
  // the channel to the primary would keep this process alive
  if (process.connected) process.disconnect()
  return 0
}

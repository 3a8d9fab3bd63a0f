// Work a database handle still has running after the request that started it has answered (the rollup refresh after
// an import commits). Closing the handle waits for it, so a CLI run or a test never destroys the pool under it.
const running = new WeakMap<object, Set<Promise<void>>>()

/** Runs `task` now, in the background of `db`; its failure is the task's own business (it must catch). */
export function runInBackground(db: object, task: () => Promise<void>): void {
  let set = running.get(db)
  if (!set) running.set(db, (set = new Set()))
  const p: Promise<void> = task().finally(() => set.delete(p))
  set.add(p)
}

/** Resolves when nothing started with runInBackground on `db` is still running (including work it started meanwhile). */
export async function settleBackgroundWork(db: object): Promise<void> {
  for (let set = running.get(db); set && set.size > 0; set = running.get(db)) await Promise.allSettled([...set])
}

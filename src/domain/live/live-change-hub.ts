// One per server process: the pages subscribed here (a rollup or completeness view of one unit, form and period), and
// the channel that brings every process's committed changes (src/db/live-change-channel.ts). An announcement reaches
// a subscriber when the subscriber's unit is on the changed unit's path to the root in that period's tree, so the work
// per announcement is one path read (a handful of rows) and a look at the subscribers of that (form, period), whatever
// the size of the tree.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { loadPeriodPaths } from '../../db/repositories/rollup-paths.repository.js'
import type { PathUnit } from '../../db/repositories/rollup-state.repository.js'
import { DomainError } from '../domain-error.js'
import { tryParsePeriodId } from '../periods/period-id.js'
import { parseLiveChange, type LiveChange, type LiveChangeKind } from './live-change.js'

export interface LiveEvent {
  formCode: string
  periodId: string
  /** The unit whose figures changed (in the period's tree); null with `resync`. */
  unit: PathUnit | null
  returnId: number | null
  /** `resync`: the channel was interrupted, anything may have changed. */
  kind: LiveChangeKind | 'resync'
  at: string
}

export interface LiveSubscription {
  formCode: string
  periodId: string
  /** Already checked by the caller: the subscriber may read this unit. */
  unitId: number
}

export interface LiveChannelHandle {
  close: () => Promise<void>
}

/** Opens the process's channel (wired in bootstrap.ts: `openLiveChannel` of src/db). */
export type LiveChannelOpener = (handlers: { onPayloads: (payloads: string[]) => void; onGap: () => void }) => Promise<LiveChannelHandle>

/** Open subscriptions one process holds at most: each is an open HTTP response. */
const MAX_SUBSCRIBERS = 5_000
/** Events kept for a subscriber that does not read: past it they collapse into one `resync`. */
const MAX_BUFFERED = 50
/** The channel stays open this long after the last page left, so a page that reloads does not reopen it. */
const LINGER_MS = 30_000

const pairKey = (formCode: string, periodId: string) => `${formCode}\u0000${periodId}`

class Subscriber {
  private buffer: LiveEvent[] = []
  private waiting: ((r: IteratorResult<LiveEvent>) => void) | null = null
  private done = false
  readonly iterator: AsyncIterableIterator<LiveEvent>

  constructor(
    readonly filter: LiveSubscription,
    private readonly onEnd: () => void,
  ) {
    this.iterator = {
      next: () => {
        const e = this.buffer.shift()
        if (e) return Promise.resolve({ value: e, done: false })
        if (this.done) return Promise.resolve({ value: undefined, done: true })
        return new Promise((resolve) => (this.waiting = resolve))
      },
      return: () => {
        this.end()
        return Promise.resolve({ value: undefined, done: true })
      },
      [Symbol.asyncIterator]() {
        return this
      },
    }
  }

  push(e: LiveEvent): void {
    if (this.done) return
    const w = this.waiting
    if (w) {
      this.waiting = null
      w({ value: e, done: false })
      return
    }
    this.buffer.push(e)
    if (this.buffer.length > MAX_BUFFERED) this.buffer = [{ ...e, unit: null, returnId: null, kind: 'resync' }]
  }

  end(): void {
    if (this.done) return
    this.done = true
    const w = this.waiting
    this.waiting = null
    w?.({ value: undefined, done: true })
    this.onEnd()
  }
}

export class LiveChangeHub {
  private readonly pairs = new Map<string, Set<Subscriber>>()
  private count = 0
  private channel: Promise<LiveChannelHandle | null> | null = null
  private linger: NodeJS.Timeout | null = null
  private work: Promise<void> = Promise.resolve()
  private closed = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly openChannel: LiveChannelOpener,
  ) {}

  /**
   * The changes under `unitId` in (form, period), until the iterator is returned (the page went away). Resolves once
   * the channel listens, so nothing committed after the page is told it is live can be missed.
   */
  async subscribe(filter: LiveSubscription): Promise<AsyncIterableIterator<LiveEvent>> {
    if (this.closed) throw new DomainError('LIVE_UNAVAILABLE', 'Máy chủ đang dừng; trang sẽ tự kết nối lại.')
    if (this.count >= MAX_SUBSCRIBERS) throw new DomainError('LIVE_TOO_MANY', 'Máy chủ đang có quá nhiều trang theo dõi trực tiếp; trang sẽ thử lại sau.')
    const key = pairKey(filter.formCode, filter.periodId)
    const sub: Subscriber = new Subscriber(filter, () => this.remove(key, sub))
    let set = this.pairs.get(key)
    if (!set) this.pairs.set(key, (set = new Set()))
    set.add(sub)
    this.count++
    if (!(await this.ensureChannel())) {
      sub.end()
      throw new DomainError('LIVE_UNAVAILABLE', 'Chưa mở được kênh cập nhật trực tiếp; trang sẽ tự kết nối lại.')
    }
    return sub.iterator
  }

  /** How many pages this process serves live updates to. */
  get subscribers(): number {
    return this.count
  }

  /** Ends every subscription (their responses complete) and closes the channel: the process is stopping. */
  async close(): Promise<void> {
    this.closed = true
    for (const set of [...this.pairs.values()]) for (const sub of [...set]) sub.end()
    await this.closeChannel()
    await this.work
  }

  private remove(key: string, sub: Subscriber): void {
    const set = this.pairs.get(key)
    if (!set?.delete(sub)) return
    this.count--
    if (set.size === 0) this.pairs.delete(key)
    if (this.count === 0 && !this.closed && !this.linger) {
      this.linger = setTimeout(() => {
        this.linger = null
        if (this.count === 0) void this.closeChannel()
      }, LINGER_MS)
      this.linger.unref()
    }
  }

  private ensureChannel(): Promise<LiveChannelHandle | null> {
    if (this.linger) {
      clearTimeout(this.linger)
      this.linger = null
    }
    if (this.channel) return this.channel
    const opening: Promise<LiveChannelHandle | null> = this.openChannel({
      onPayloads: (payloads) => this.enqueue(() => this.dispatch(payloads)),
      onGap: () => this.enqueue(async () => this.resyncAll()),
    }).catch((err: unknown) => {
      console.error(`tonghop: không mở được kênh cập nhật trực tiếp: ${(err as Error).message}`)
      if (this.channel === opening) this.channel = null
      return null
    })
    this.channel = opening
    return opening
  }

  private async closeChannel(): Promise<void> {
    if (this.linger) clearTimeout(this.linger)
    this.linger = null
    const ch = this.channel
    this.channel = null
    await (await ch)?.close()
  }

  /** Announcements are handled one batch at a time, in the order they committed. */
  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((err: unknown) => console.error(`tonghop: lỗi khi chuyển cập nhật trực tiếp: ${(err as Error).message}`))
  }

  private async dispatch(payloads: string[]): Promise<void> {
    const byPair = new Map<string, LiveChange[]>()
    for (const p of payloads) {
      const change = parseLiveChange(p)
      if (!change) continue
      const key = pairKey(change.formCode, change.periodId)
      // nobody here watches this (form, period): nothing to read
      if (!this.pairs.has(key)) continue
      const list = byPair.get(key)
      if (list) list.push(change)
      else byPair.set(key, [change])
    }
    const at = new Date().toISOString()
    for (const [key, changes] of byPair) {
      const first = changes[0]!
      const period = tryParsePeriodId(first.periodId)
      if (!period) continue
      const paths = await loadPeriodPaths(this.db, [...new Set(changes.flatMap((c) => c.unitIds))], period.start, period.end)
      const subs = this.pairs.get(key)
      if (!subs) continue
      for (const change of changes) {
        for (const unitId of change.unitIds) {
          const path = paths.get(unitId)
          if (!path || path.length === 0) continue
          const onPath = new Set(path.map((u) => u.id))
          const event: LiveEvent = { formCode: change.formCode, periodId: change.periodId, unit: path[0]!, returnId: change.returnId, kind: change.kind, at }
          for (const sub of subs) if (onPath.has(sub.filter.unitId)) sub.push(event)
        }
      }
    }
  }

  private async resyncAll(): Promise<void> {
    const at = new Date().toISOString()
    for (const set of this.pairs.values()) {
      for (const sub of set) sub.push({ formCode: sub.filter.formCode, periodId: sub.filter.periodId, unit: null, returnId: null, kind: 'resync', at })
    }
  }
}

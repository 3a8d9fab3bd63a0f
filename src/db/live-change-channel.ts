// How one server process hears the changes every process commits (the read side of live-change.repository.ts):
// PostgreSQL LISTEN on a connection of its own (across processes and servers), SQLite a poll of live_changes by id.
// Opened only while some page is subscribed, so a process nobody watches does no work for it.
import pg from 'pg'
import type { DatabaseHandle } from './create-database.js'
import { lastLiveChangeId, LIVE_CHANNEL, liveChangesAfter } from './repositories/live-change.repository.js'

export interface LiveChannelHandlers {
  /** Announcements, in commit order. */
  onPayloads: (payloads: string[]) => void
  /** The channel was interrupted and may have missed announcements (a lost PostgreSQL connection). */
  onGap: () => void
}

export interface LiveChannel {
  close: () => Promise<void>
}

/** SQLite: a few times a second, one primary-key range read; 200 ms keeps submit → page well under a second. */
const POLL_MS = 200

export async function openLiveChannel(handle: DatabaseHandle, handlers: LiveChannelHandlers): Promise<LiveChannel> {
  return handle.postgresUrl !== null ? listenPostgres(handle.postgresUrl, handlers) : pollSqlite(handle, handlers)
}

async function pollSqlite(handle: DatabaseHandle, handlers: LiveChannelHandlers): Promise<LiveChannel> {
  let last = await lastLiveChangeId(handle.db)
  let closed = false
  let running: Promise<void> = Promise.resolve()
  const tick = async () => {
    try {
      for (;;) {
        const rows = await liveChangesAfter(handle.db, last)
        if (rows.length === 0) return
        last = rows[rows.length - 1]!.id
        handlers.onPayloads(rows.map((r) => r.payload))
        if (rows.length < 500) return
      }
    } catch (err) {
      if (!closed) console.error(`tonghop: không đọc được kênh cập nhật trực tiếp: ${(err as Error).message}`)
    }
  }
  const timer = setInterval(() => {
    running = running.then(tick)
  }, POLL_MS)
  timer.unref()
  return {
    close: async () => {
      closed = true
      clearInterval(timer)
      await running
    },
  }
}

async function listenPostgres(url: string, handlers: LiveChannelHandlers): Promise<LiveChannel> {
  let closed = false
  let client: pg.Client | null = null
  let retry: NodeJS.Timeout | null = null
  let delay = 250
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url })
    c.on('notification', (n) => {
      if (n.channel === LIVE_CHANNEL && n.payload) handlers.onPayloads([n.payload])
    })
    const lost = () => {
      if (client !== c || closed) return
      client = null
      void c.end().catch(() => undefined)
      // whatever was announced while the connection was down is lost: the pages refetch once it is back
      schedule()
    }
    c.on('error', lost)
    c.on('end', lost)
    await c.connect()
    await c.query(`listen ${LIVE_CHANNEL}`)
    client = c
  }
  const schedule = () => {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = null
      connect().then(
        () => {
          delay = 250
          handlers.onGap()
        },
        (err: unknown) => {
          console.error(`tonghop: mất kết nối kênh cập nhật trực tiếp (PostgreSQL), thử lại sau ${delay} ms: ${(err as Error).message}`)
          delay = Math.min(delay * 2, 10_000)
          schedule()
        },
      )
    }, delay)
    retry.unref()
  }
  await connect().catch((err: unknown) => {
    console.error(`tonghop: chưa mở được kênh cập nhật trực tiếp (PostgreSQL), sẽ thử lại: ${(err as Error).message}`)
    schedule()
  })
  return {
    close: async () => {
      closed = true
      if (retry) clearTimeout(retry)
      const c = client
      client = null
      await c?.end().catch(() => undefined)
    },
  }
}

import { useEffect, useRef, useState } from 'react'
import { graphql } from '../gql'
import { csrfToken } from './graphql-client'

// Live updates: the `rollupChanged` subscription over server-sent events, in yoga's "distinct connections" mode (one
// POST per subscription, answered with a text/event-stream). It is read with fetch rather than EventSource, which
// cannot send the session's CSRF header (x-tonghop-csrf) that every cookie-authenticated POST must carry.

const RollupChangedSubscription = graphql(`
  subscription LiveRollupChanged($unit: String!, $form: String!, $period: String!) {
    rollupChanged(unit: $unit, form: $form, period: $period) {
      kind
      at
    }
  }
`)

export interface LiveTarget {
  form: string
  period: string
  /** The unit's code. */
  unit: string
}

/** Events arriving this close together cause one refetch (a batch of submissions, a tree change touching several paths). */
const COALESCE_MS = 60
const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 30_000
/** A connection that stayed up this long was healthy: the next failure starts the backoff again from one second. */
const HEALTHY_MS = 10_000
/** How long a new stream must stay open without a refusal before the page says it is live. */
const CONFIRM_MS = 150

/** One SSE block: `event:` and `data:` lines (comments, the server's pings, begin with ':'). */
function parseBlock(block: string): { event: string; data: string } {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  return { event, data: data.join('\n') }
}

class Refused extends Error {}

/**
 * Calls `onChange` whenever a change is committed under `unit` for `form` and `period` (a return saved, submitted,
 * approved, sent back or reopened; the tree changed), whichever server process took it; and once after every
 * reconnection, since changes may have been missed meanwhile. Reconnects by itself with backoff (1 s doubling to
 * 30 s). `connected` is for the page to say so politely; the hook itself shows nothing.
 */
export function useLiveChanges({ form, period, unit }: LiveTarget, onChange: () => void): { connected: boolean } {
  const [connected, setConnected] = useState(false)
  const latest = useRef(onChange)
  latest.current = onChange
  useEffect(() => {
    if (!form || !period || !unit) return
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | null = null
    const changed = () => {
      if (timer !== null) return
      timer = setTimeout(() => {
        timer = null
        if (!abort.signal.aborted) latest.current()
      }, COALESCE_MS)
    }
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms)
        abort.signal.addEventListener('abort', () => {
          clearTimeout(t)
          resolve()
        })
      })
    /** One connection, until the stream ends or fails; true when it was open long enough to count as healthy. */
    const connect = async (reconnecting: boolean): Promise<boolean> => {
      const response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-tonghop-csrf': csrfToken() },
        body: JSON.stringify({ query: RollupChangedSubscription.toString(), variables: { unit, form, period } }),
        signal: abort.signal,
      })
      if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) throw new Refused(`HTTP ${response.status}`)
      const opened = Date.now()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      let open = false
      let alive = true
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return Date.now() - opened >= HEALTHY_MS
          buffer += value.replace(/\r\n?/g, '\n')
          if (!open) {
            // The server pings as soon as the subscription listens. A refusal (a unit outside the scope, an ended
            // session) also begins with a ping and follows it with errors at once: "live" is said only after a moment.
            open = true
            setTimeout(() => {
              if (alive && !abort.signal.aborted) setConnected(true)
            }, CONFIRM_MS)
            if (reconnecting) changed()
          }
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const { event, data } = parseBlock(buffer.slice(0, end))
            buffer = buffer.slice(end + 2)
            if (event === 'complete') return Date.now() - opened >= HEALTHY_MS
            if (event !== 'next' || !data) continue
            const body = JSON.parse(data) as { data?: unknown; errors?: { message: string }[] }
            if (body.errors?.length) throw new Refused(body.errors[0]!.message)
            changed()
          }
        }
      } finally {
        alive = false
        void reader.cancel().catch(() => undefined)
      }
    }
    void (async () => {
      let failures = 0
      let reconnecting = false
      while (!abort.signal.aborted) {
        let healthy = false
        try {
          healthy = await connect(reconnecting)
        } catch {
          // refused, network down, server restarting: all retried, more slowly each time
        }
        if (abort.signal.aborted) return
        setConnected(false)
        reconnecting = true
        failures = healthy ? 0 : failures + 1
        const wait = failures === 0 ? 250 : Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1))
        await sleep(wait * (0.8 + Math.random() * 0.4))
      }
    })()
    return () => {
      abort.abort()
      if (timer !== null) clearTimeout(timer)
      setConnected(false)
    }
  }, [form, period, unit])
  return { connected }
}

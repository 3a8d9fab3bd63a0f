import { useRef } from 'react'

/**
 * Says politely, in a live region, whether the page follows changes as they happen. Nothing is said before the first
 * connection (the page has just loaded its figures); after that, a lost connection is said once, and so is its return.
 */
export function LiveStatus({ connected }: { connected: boolean }) {
  const seen = useRef(false)
  if (connected) seen.current = true
  return (
    <p className={`live-status ${connected ? 'live-on' : 'live-off'}`} role="status" aria-live="polite" data-live={connected ? 'on' : 'off'}>
      {connected ? 'Đang cập nhật trực tiếp' : seen.current ? 'Mất kết nối, đang thử lại' : ''}
    </p>
  )
}

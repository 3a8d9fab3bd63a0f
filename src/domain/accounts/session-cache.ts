import type { Viewer } from '../access/roles.js'

/** A session as a request of this process last read it: the viewer, and the text that says what it stood for then. */
export interface CachedSession {
  viewer: Viewer
  /** `sessionStateSql` as read with the viewer: a later statement that reads the same text confirms the session */
  state: string
}

/**
 * The sessions this process has read, by token hash, so that a request need not read its session before anything
 * else: on PostgreSQL that read is a round trip of its own, and under load the round trips, not the statements, are
 * what a rollup request costs. A cached session is never trusted on its own: every request that uses one confirms it
 * against the database before its answer leaves (in its first statement when that statement can carry the check, as
 * the rollup head does, otherwise once at the end, and before anything for a mutation; session-confirmation.ts).
 * So a logout, an expiry or a grant taken away anywhere counts from the next statement on, as without the cache.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>()

  constructor(private readonly max = 5_000) {}

  get(tokenHash: string): CachedSession | undefined {
    const entry = this.entries.get(tokenHash)
    if (entry) {
      // most recently used last, so the oldest is dropped first
      this.entries.delete(tokenHash)
      this.entries.set(tokenHash, entry)
    }
    return entry
  }

  set(tokenHash: string, entry: CachedSession): void {
    this.entries.delete(tokenHash)
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(tokenHash, entry)
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash)
  }

  get size(): number {
    return this.entries.size
  }
}

import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import type { Viewer } from '../access/roles.js'
import { hashToken, liveSession } from './account-service.js'
import type { CachedSession, SessionCache } from './session-cache.js'

type Db = Kysely<Database>

/** A session a request took from the cache: what it must still confirm before its answer leaves. */
export interface UnconfirmedSession {
  tokenHash: string
  sessionId: number
  /** the state the cache holds; the session stands when the database reads the same */
  state: string
}

/** The viewer of a GraphQL request, and the cached session it must confirm (null when it was read just now, or there is none). */
export interface RequestSession {
  viewer: Viewer | null
  unconfirmed: UnconfirmedSession | null
  tokenHash: string | null
}

/** The live session of a token hash as the database has it now (null: none, revoked, expired or account disabled); kept in the cache. */
export async function readSession(db: Db, cache: SessionCache, tokenHash: string): Promise<CachedSession | null> {
  const read = await liveSession(db, tokenHash)
  if (read) cache.set(tokenHash, read)
  else cache.delete(tokenHash)
  return read
}

/** From the cache when this process has read the token's session before (to be confirmed), otherwise read now. */
export async function requestSession(db: Db, cache: SessionCache, token: string | null): Promise<RequestSession> {
  if (token === null) return { viewer: null, unconfirmed: null, tokenHash: null }
  const tokenHash = hashToken(token)
  const cached = cache.get(tokenHash)
  if (cached) return { viewer: cached.viewer, unconfirmed: { tokenHash, sessionId: cached.viewer.sessionId!, state: cached.state }, tokenHash }
  return { viewer: (await readSession(db, cache, tokenHash))?.viewer ?? null, unconfirmed: null, tokenHash }
}

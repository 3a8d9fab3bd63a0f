import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findLiveSessionWithGrants } from '../../db/repositories/account.repository.js'
import { isRole, type Role, type Viewer } from '../access/roles.js'
import { hashToken } from './account-service.js'
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
  const session = await findLiveSessionWithGrants(db, tokenHash, new Date().toISOString())
  if (!session || session.state === null) {
    cache.delete(tokenHash)
    return null
  }
  const grants = session.grants.filter((g) => isRole(g.role)).map((g) => ({ role: g.role as Role, unitId: g.unit_id }))
  const read: CachedSession = { viewer: { accountId: session.account_id, username: session.username, displayName: session.display_name, grants, sessionId: session.session_id }, state: session.state }
  cache.set(tokenHash, read)
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

import DataLoader from 'dataloader'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findScopeLinks } from '../../db/repositories/unit.repository.js'
import type { UnconfirmedSession } from '../accounts/request-session.js'
import type { Role, Viewer } from './roles.js'

type Db = Kysely<Database>

interface UnitAccess {
  /** Roles the viewer holds over this unit (the unit lies in the subtree of a grant). */
  roles: Set<Role>
  /** An ancestor of one of the viewer's grant units: its name may be shown, its data may not. */
  onPath: boolean
}

/**
 * Per-request answers to "may this viewer see or act on unit X", batched: resolvers over a whole
 * tree ask for many units at once and get one closure query.
 */
export class AccessScope {
  private readonly loader: DataLoader<number, UnitAccess>
  private confirmation: 'unconfirmed' | 'confirmed' | 'stale'

  constructor(
    db: Db,
    readonly viewer: Viewer | null,
    /** when the viewer came from the session cache: what the request must confirm before it answers */
    readonly unconfirmed: UnconfirmedSession | null = null,
  ) {
    this.confirmation = unconfirmed ? 'unconfirmed' : 'confirmed'
    const grants = viewer?.grants ?? []
    const rootIds = [...new Set(grants.map((g) => g.unitId))]
    this.loader = new DataLoader<number, UnitAccess>(async (unitIds) => {
      const links = await findScopeLinks(db, unitIds, rootIds)
      const access = new Map<number, UnitAccess>(unitIds.map((id) => [id, { roles: new Set<Role>(), onPath: false }]))
      for (const link of links) {
        const under = access.get(link.descendant_id)
        if (under) for (const g of grants) if (g.unitId === link.ancestor_id) under.roles.add(g.role)
        const above = access.get(link.ancestor_id)
        if (above && rootIds.includes(link.descendant_id) && link.ancestor_id !== link.descendant_id) above.onPath = true
      }
      return unitIds.map((id) => access.get(id) as UnitAccess)
    })
  }

  /**
   * The cached session to confirm in the request's next statement, while none has yet (a statement that can carry
   * the check asks here and reports what it read to `confirmSession`).
   */
  sessionToConfirm(): UnconfirmedSession | null {
    return this.confirmation === 'unconfirmed' ? this.unconfirmed : null
  }

  /** What a statement read of the cached session now (`sessionStateSql`; null: no longer live); the confirmation that follows. */
  confirmSession(state: string | null): 'confirmed' | 'stale' {
    if (this.confirmation === 'unconfirmed') this.confirmation = state !== null && state === this.unconfirmed?.state ? 'confirmed' : 'stale'
    return this.confirmation === 'confirmed' ? 'confirmed' : 'stale'
  }

  /** confirmed: read by this request or confirmed since; stale: it no longer stands as cached; unconfirmed: not yet checked */
  get sessionConfirmation(): 'unconfirmed' | 'confirmed' | 'stale' {
    return this.confirmation
  }

  get loggedIn(): boolean {
    return this.viewer !== null
  }

  /** Grant units for a role (any role when omitted): the roots of the subtrees the viewer may read. */
  rootIds(role?: Role): number[] {
    return [...new Set((this.viewer?.grants ?? []).filter((g) => !role || g.role === role).map((g) => g.unitId))]
  }

  async hasRole(unitId: number, role: Role): Promise<boolean> {
    return (await this.loader.load(unitId)).roles.has(role)
  }

  /** Any role in the subtree: the unit and its data are readable. */
  async canRead(unitId: number): Promise<boolean> {
    return (await this.loader.load(unitId)).roles.size > 0
  }

  /** Readable, or on the path from the root to one of the viewer's units (name and code only). */
  async canSee(unitId: number): Promise<boolean> {
    const a = await this.loader.load(unitId)
    return a.roles.size > 0 || a.onPath
  }
}

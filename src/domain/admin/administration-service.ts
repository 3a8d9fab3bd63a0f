import type { Role, Viewer } from '../access/roles.js'
import { accountByUsername, type AccountRow } from '../accounts/account-queries.js'
import { createAccount } from '../accounts/account-service.js'
import { assignForm, setTarget, type AssignFormInput, type SetTargetInput } from '../assignments/assignment-admin-service.js'
import { recordAudit } from '../audit/audit-service.js'
import type { Db } from '../database-handle.js'
import { reorganizeUnits, type ReorganizationInput, type ReorganizationResult } from '../lineage/reorganization-service.js'
import { closeUnit, createUnit, moveUnit, renameUnit, type NewUnitInput } from '../units/unit-admin-service.js'
import type { UnitRow } from '../units/unit-service.js'

/** Who makes an administrative change, and from where: every change is audited under this. */
export interface Actor {
  viewer: Viewer
  clientAddress: string
}

// The rule this module owns: an administrative change and its audit record commit together, or neither does.
async function audited<T>(
  db: Db, actor: Actor, action: string, unit: UnitRow, details: Record<string, unknown> | ((result: T) => Record<string, unknown>), change: (trx: Db) => Promise<T>, target: string = unit.code,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await change(trx)
    const recorded = typeof details === 'function' ? details(result) : details
    await recordAudit(trx, { action, accountId: actor.viewer.accountId, username: actor.viewer.username, unitId: unit.id, target, details: recorded, clientAddress: actor.clientAddress })
    return result
  })
}

export function createUnitAs(db: Db, actor: Actor, input: NewUnitInput): Promise<UnitRow> {
  return audited(db, actor, 'unit.created', input.parent, { code: input.code, name: input.name, kind: input.kind }, (trx) => createUnit(trx, input))
}

export function renameUnitAs(db: Db, actor: Actor, unit: UnitRow, name: string): Promise<void> {
  return audited(db, actor, 'unit.renamed', unit, { from: unit.name, to: name }, (trx) => renameUnit(trx, unit, name))
}

export function moveUnitAs(db: Db, actor: Actor, unit: UnitRow, parent: UnitRow, effectiveFrom: string): Promise<void> {
  return audited(db, actor, 'unit.moved', unit, { to: parent.code, from: unit.parent_id, effectiveFrom }, (trx) => moveUnit(trx, unit, parent, effectiveFrom))
}

export function closeUnitAs(db: Db, actor: Actor, unit: UnitRow, closedOn: string): Promise<void> {
  return audited(db, actor, 'unit.closed', unit, { closedOn }, (trx) => closeUnit(trx, unit, closedOn))
}

/** A merge, split, rename or upgrade, filed under the first target's parent (or the existing target itself). */
export function reorganizeUnitsAs(db: Db, actor: Actor, input: ReorganizationInput, fileUnder: UnitRow): Promise<ReorganizationResult> {
  const details = (r: ReorganizationResult) => ({
    kind: input.kind,
    eventId: r.eventId,
    effectiveOn: input.effectiveOn,
    sources: input.sources.map((s) => s.code),
    targets: r.targets.map((t, i) => ({ code: t.code, created: !input.targets[i]?.existing, share: input.targets[i]?.share ?? null, indicatorShares: input.targets[i]?.indicatorShares ?? null })),
  })
  return audited(db, actor, 'unit.reorganized', fileUnder, details, (trx) => reorganizeUnits(trx, input), input.sources.map((s) => s.code).join(','))
}

export async function assignFormAs(db: Db, actor: Actor, input: AssignFormInput): Promise<void> {
  await audited(
    db,
    actor,
    'assignment.created',
    input.unit,
    (r: { document: { id: number; key: string } | null }) => ({ form: input.formCode, periodType: input.periodType, unitKinds: input.unitKinds ?? null, document: r.document?.key ?? null, documentId: r.document?.id ?? null }),
    (trx) => assignForm(trx, input),
  )
}

export async function setTargetAs(db: Db, actor: Actor, input: SetTargetInput): Promise<void> {
  await audited(db, actor, 'target.set', input.unit, { form: input.formCode, indicator: input.indicatorCode, year: input.year, comparator: input.comparator, value: input.value }, (trx) => setTarget(trx, input))
}

/** A new account with one role at a unit the actor administers; the username is checked only within the actor's scope. */
export async function createAccountAs(db: Db, actor: Actor, input: { username: string; displayName: string; password: string; role: Role; unit: UnitRow; scopeRootIds: readonly number[] }): Promise<AccountRow> {
  return audited(db, actor, 'account.created', input.unit, { role: input.role }, async (trx) => {
    const id = await createAccount(trx, { username: input.username, displayName: input.displayName, password: input.password, grants: [{ role: input.role, unitId: input.unit.id }], grantedBy: actor.viewer.accountId, scopeRootIds: input.scopeRootIds })
    return (await accountByUsername(trx, input.username)) ?? Promise.reject(new Error(`account ${id} vanished`))
  }, input.username)
}

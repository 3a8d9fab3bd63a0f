import { afterAll, beforeAll, expect, it } from 'vitest'
import type { UnitKind } from '../../src/domain/units/unit-vocabulary.js'
import { listAccountsWithin, listAudit } from '../../src/db/repositories/account.repository.js'
import { listAssignments, listTargets } from '../../src/db/repositories/assignment.repository.js'
import { findDocumentsByIds, findLinks, listDocuments } from '../../src/db/repositories/document.repository.js'
import { findFormsByIds, findIndicatorsOf, findRulesOf, findSectionsOf } from '../../src/db/repositories/form.repository.js'
import { listReturns } from '../../src/db/repositories/return.repository.js'
import {
  countSubtrees,
  findAncestorsOf,
  findChildrenOf,
  findParentHistory,
  findScopeLinks,
  findUnitByCode,
  findUnitsByCodes,
  findUnitsByIds,
  isInSubtree,
  searchUnits,
} from '../../src/db/repositories/unit.repository.js'
import { AccessScope } from '../../src/domain/access/access-scope.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// Past both limits: SQLite's 32,766 variables and PostgreSQL's 65,535 parameters. A national tree (105,000 units)
// hands lists this long to the loaders (an administrator's provinces → wards → units), and callers can too.
const LONG = 70_000
const fakeIds = (n = LONG) => Array.from({ length: n }, (_, i) => 10_000_000 + i)

forEachDialect('repositories over lists longer than the databases bind', (dialect) => {
  let app: TestApp
  let rootId: number
  let wardId: number
  beforeAll(async () => {
    app = await createTestApp(dialect)
    rootId = (await findUnitByCode(app.db, 'TW'))!.id
    wardId = (await findUnitByCode(app.db, '01.PL'))!.id
  })
  afterAll(() => app.close())

  it('units by id, by code, children, ancestors, subtree sizes, history and membership', async () => {
    const ids = [...fakeIds(), wardId]
    expect((await findUnitsByIds(app.db, ids)).map((u) => u.code)).toEqual(['01.PL'])
    expect((await findUnitsByCodes(app.db, [...fakeIds().map((i) => `X${i}`), '01.PL'])).map((u) => u.id)).toEqual([wardId])
    const children = await findChildrenOf(app.db, ids)
    expect(children.length).toBeGreaterThan(3)
    expect(children.every((c) => c.parent_id === wardId)).toBe(true)
    expect((await findAncestorsOf(app.db, ids)).map((a) => a.code)).toContain('01')
    expect((await countSubtrees(app.db, ids)).get(wardId)).toBe(await subtreeBelow(wardId))
    expect((await findParentHistory(app.db, ids)).every((h) => h.unit_id === wardId)).toBe(true)
    expect(await isInSubtree(app.db, [...fakeIds(), rootId], wardId)).toBe(true)
    expect(await isInSubtree(app.db, fakeIds(), wardId)).toBe(false)
  })

  async function subtreeBelow(unitId: number): Promise<number> {
    let n = 1
    for (const c of await findChildrenOf(app.db, [unitId])) n += await subtreeBelow(c.id)
    return n
  }

  it('a search with 70,000 kinds and 70,000 roots, still paged', async () => {
    // Kinds are a closed set now (the API's UnitKind enum): 70,000 values, repeated, still bind in chunks.
    const kinds: UnitKind[] = fakeIds().map(() => 'ward_committee')
    const page = await searchUnits(app.db, { kinds, withinUnitIds: [...fakeIds(), rootId], limit: 2 })
    expect(page).toHaveLength(2)
    expect(page.every((u) => u.kind === 'ward_committee')).toBe(true)
  })

  it('the access loader answers for 70,000 units asked at once', async () => {
    const scope = new AccessScope(app.db, { accountId: 1, username: 'quantri', displayName: 'q', sessionId: null, grants: [{ role: 'administrator', unitId: rootId }] })
    const answers = await Promise.all([...fakeIds(), wardId].map((id) => scope.canRead(id)))
    expect(answers.filter(Boolean)).toHaveLength(1)
    expect(answers.at(-1)).toBe(true)
    expect((await findScopeLinks(app.db, [...fakeIds(), wardId], [...fakeIds(), rootId])).some((l) => l.descendant_id === wardId && l.ancestor_id === rootId)).toBe(true)
  })

  it('documents, forms and lists scoped by many roots', async () => {
    const docs = await listDocuments(app.db, { afterId: null, limit: 1000 })
    const docIds = [...fakeIds(), ...docs.map((d) => d.id)]
    expect(await findDocumentsByIds(app.db, docIds)).toHaveLength(docs.length)
    expect((await findLinks(app.db, docIds, 'implements')).length).toBeGreaterThan(0)
    expect(await listDocuments(app.db, { afterId: null, limit: 1000, issuingUnitIds: [...fakeIds(), ...docs.map((d) => d.issuing_unit_id ?? -1)] })).toHaveLength(docs.filter((d) => d.issuing_unit_id !== null).length)
    const forms = await findFormsByIds(app.db, [...fakeIds(), 1, 2, 3])
    expect(forms.length).toBe(3)
    const formIds = [...fakeIds(), ...forms.map((f) => f.id)]
    expect((await findSectionsOf(app.db, formIds)).length).toBeGreaterThan(0)
    expect((await findIndicatorsOf(app.db, formIds)).length).toBeGreaterThan(20)
    expect((await findRulesOf(app.db, formIds)).length).toBeGreaterThan(0)
    const roots = [...fakeIds(), rootId]
    expect((await listAssignments(app.db, { withinUnitIds: roots, afterId: null, limit: 5 })).length).toBeGreaterThan(0)
    expect((await listTargets(app.db, { withinUnitIds: roots, afterId: null, limit: 5 })).length).toBeGreaterThan(0)
    expect((await listAccountsWithin(app.db, roots, null, 5)).length).toBeGreaterThan(0)
    // Same answers as with the one real root.
    expect(await listReturns(app.db, { withinUnitIds: roots, afterId: null, limit: 5 })).toEqual(await listReturns(app.db, { withinUnitIds: [rootId], afterId: null, limit: 5 }))
    expect(await listAudit(app.db, { rootIds: roots, beforeId: null, limit: 5 })).toEqual(await listAudit(app.db, { rootIds: [rootId], beforeId: null, limit: 5 }))
  })
})

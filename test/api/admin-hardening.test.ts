import { afterAll, beforeAll, expect, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>

// Issue #15, point 10: the smaller breaks of the probe.
forEachDialect('administration and sign-in edges', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('accepts the bearer scheme in any case, and nothing else', async () => {
    const token = await app.tokenFor('phucloi.nhaplieu')
    const me = async (authorization: string) => {
      const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ me { username } }' }) }, { clientAddress: '127.0.0.1' })
      return ((await res.json()) as Json).data.me?.username ?? null
    }
    expect(await me(`Bearer ${token}`)).toBe('phucloi.nhaplieu')
    expect(await me(`bearer ${token}`)).toBe('phucloi.nhaplieu')
    expect(await me(`BEARER ${token}`)).toBe('phucloi.nhaplieu')
    expect(await me(`Basic ${token}`)).toBeNull()
  })

  const createAccount = (username: string) =>
    app.gql<Json>(`mutation { createAccount(username: "${username}", displayName: "Thử", password: "mat-khau-dai-du-10", role: submitter, unit: "01.PL.CB01") { __typename ... on DomainError { code message } } }`, {}, { as: 'phucloi.quantri' })

  it('does not tell a ward administrator that a username exists in another ward', async () => {
    const elsewhere = (await createAccount('bachdang.nhaplieu')).data!.createAccount
    expect(elsewhere.code).toBe('USERNAME_UNAVAILABLE')
    expect(elsewhere.message).not.toMatch(/đã có người dùng/)
    // the root's demo administrator is outside the ward too
    expect((await createAccount('quantri')).data!.createAccount.code).toBe('USERNAME_UNAVAILABLE')
    // within the ward, the administrator sees its accounts anyway (`accounts`), so the answer can say so
    expect((await createAccount('phucloi.duyet')).data!.createAccount.code).toBe('USERNAME_TAKEN')
    expect((await createAccount('phucloi.chibo1')).data!.createAccount.__typename).toBe('MutationCreateAccountSuccess')
  })

  const createUnit = (code: string, parent: string) =>
    app.gql<Json>(`mutation { createUnit(code: "${code}", name: "Chi bộ thử ${code}", kind: party_organization, sector: party, parent: "${parent}", openedOn: "2026-01-01") { __typename ... on DomainError { code message } } }`, {}, { as: 'phucloi.quantri' })

  it('refuses a unit code of another ward’s pattern, before saying whether it is taken', async () => {
    const other = (await createUnit('31.BD.X1', '01.PL')).data!.createUnit
    expect(other.code).toBe('UNIT_CODE_OUTSIDE_PARENT')
    expect(other.message).toContain('"01.PL."')
    // an existing unit of another ward gets the same answer, not UNIT_CODE_TAKEN
    expect((await createUnit('31.BD.TYT', '01.PL')).data!.createUnit.code).toBe('UNIT_CODE_OUTSIDE_PARENT')
    // a code of the city's level under a ward
    expect((await createUnit('01.X1', '01.PL')).data!.createUnit.code).toBe('UNIT_CODE_OUTSIDE_PARENT')
    expect((await createUnit('01.PL.CB21', '01.PL')).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
    // the People's Committee's offices carry the ward's code, as the seeds do (01.PL.TYT under 01.PL.UBND)
    expect((await createUnit('01.PL.TDP09', '01.PL.UBND')).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
    expect((await createUnit('01.PL.UBND.P1', '01.PL.UBND')).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
  })
})

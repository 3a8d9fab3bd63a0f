import { readFileSync } from 'node:fs'
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

/**
 * Every operation in the committed schema, run as a user of a sibling ward, as a user with no roles and
 * anonymously, against Phúc Lợi's unit. An operation added later without an access rule fails here.
 */
const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'))
const TARGET = '01.PL'
const MISSING = 'ZZ.KHONGCO'
/** Reference data every logged-in user may read: the forms, the documents, the calendar, one's own session. */
const PUBLIC_TO_USERS = new Set(['documents', 'document', 'forms', 'form', 'period', 'periods', 'parsePeriodLabel', 'me', 'node', 'nodes'])
const ANONYMOUS_ALLOWED = new Set(['login', 'me'])
const SECRET_TEXT = ['Phúc Lợi', 'Phuc Loi', '01.PL.']

function sampleValue(name: string, type: GraphQLInputType, code: string): unknown {
  if (isNonNullType(type)) return sampleValue(name, type.ofType, code)
  if (isListType(type)) return [sampleValue(name, type.ofType, code)]
  const named = getNamedType(type)
  if (isEnumType(named)) return named.getValues()[0]?.value
  if (isInputObjectType(named)) return Object.fromEntries(Object.entries(named.getFields()).map(([k, f]) => [k, sampleValue(k, f.type, code)]))
  switch (named.name) {
    case 'Int':
      return name === 'year' ? 2026 : name === 'first' ? 5 : 1
    case 'Float':
      return 1
    case 'Boolean':
      return name === 'dryRun'
    case 'Date':
      return '2026-03-31'
    case 'DateTime':
      return '2026-03-31T00:00:00Z'
    case 'JSON':
      return name === 'deadline' ? { kind: 'day_of_last_month', day: 14 } : null
    case 'ID':
      return 'VW5pdDox'
    default:
      break
  }
  if (/^(unit|code|parent|under|newParent)$/.test(name)) return code
  if (name === 'form') return 'BC-QT'
  if (name === 'period' || name === 'id') return '2026Q1'
  if (name === 'periods') return '2026Q1'
  if (name === 'indicator') return 'QT01'
  if (name === 'label') return 'Quý I/2026'
  if (name === 'username') return 'phucloi.nhaplieu'
  if (name === 'kind') return 'party_organization'
  if (name === 'sector') return 'party'
  if (name === 'comparator') return '>='
  return code
}

function selection(type: GraphQLNamedType, depth: number): string {
  if (isScalarType(type) || isEnumType(type)) return ''
  if (isUnionType(type)) return `{ __typename ${type.getTypes().map((t) => `... on ${t.name} ${selection(t, depth)}`).join(' ')} }`
  if (!isObjectType(type) && !isInterfaceType(type)) return ''
  const parts = ['__typename']
  for (const [name, field] of Object.entries(type.getFields()) as [string, GraphQLField<unknown, unknown>][]) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue
    const inner = getNamedType(field.type)
    if (isScalarType(inner) || isEnumType(inner)) parts.push(name)
    else if (depth > 0) parts.push(`${name} ${selection(inner, depth - 1)}`)
  }
  return `{ ${parts.join(' ')} }`
}

function operations(s: GraphQLSchema) {
  const out: { kind: 'query' | 'mutation' | 'subscription'; name: string; field: GraphQLField<unknown, unknown> }[] = []
  for (const [kind, root] of [['query', s.getQueryType()], ['mutation', s.getMutationType()], ['subscription', s.getSubscriptionType()]] as const) {
    for (const [name, field] of Object.entries(root?.getFields() ?? {})) out.push({ kind, name, field })
  }
  return out
}

function document(op: ReturnType<typeof operations>[number], code: string): { query: string; variables: Record<string, unknown> } | null {
  if (op.field.args.some((a) => getNamedType(a.type).name === 'File')) return null
  const variables: Record<string, unknown> = {}
  const defs: string[] = []
  const args: string[] = []
  for (const a of op.field.args) {
    if (!isNonNullType(a.type) && !/^(unit|code|form|period|under)$/.test(a.name)) continue
    variables[a.name] = sampleValue(a.name, a.type, code)
    defs.push(`$${a.name}: ${a.type.toString()}`)
    args.push(`${a.name}: $${a.name}`)
  }
  const sel = selection(getNamedType(op.field.type), 2)
  return { query: `${op.kind} Probe${defs.length ? `(${defs.join(', ')})` : ''} { ${op.name}${args.length ? `(${args.join(', ')})` : ''} ${sel} }`, variables }
}

function denied(r: { data?: Record<string, unknown> | null; errors?: unknown[] }, name: string): boolean {
  if (r.errors && r.errors.length > 0) return true
  const value = r.data?.[name]
  if (value === null || value === false) return true
  if (typeof value === 'object' && value !== null && '__typename' in value && /Error$/.test(String((value as { __typename: string }).__typename))) return true
  if (typeof value === 'object' && value !== null && 'edges' in value) return (value as { edges: unknown[] }).edges.length === 0
  return false
}

forEachDialect('access rules for every operation in schema.graphql', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
    await createAccount(app.db, { username: 'khongquyen', displayName: 'Không có quyền', password: 'mat-khau-thu-nghiem', grants: [], grantedBy: null })
  })
  afterAll(() => app.close())

  const ops = operations(schema)

  it('covers the whole API with probes the server accepts as valid GraphQL', async () => {
    expect(ops.length).toBeGreaterThan(20)
    // A probe rejected before execution would "deny" anything; an administrator of the root must get past validation.
    for (const op of ops) {
      const doc = document(op, TARGET)
      if (!doc || op.kind === 'mutation') continue
      const r = await app.gql(doc.query, doc.variables, { as: 'quantri' })
      const codes = (r.errors ?? []).map((e) => e.extensions?.code)
      expect(codes, `${op.name}: ${JSON.stringify(r.errors)}`).not.toContain('GRAPHQL_VALIDATION_FAILED')
      expect(codes, `${op.name}: ${JSON.stringify(r.errors)}`).not.toContain('QUERY_TOO_COMPLEX')
      expect(JSON.stringify(r.errors ?? ''), op.name).not.toMatch(/Syntax Error|exceeded/)
    }
  })

  for (const op of ops) {
    it(`${op.kind} ${op.name}: anonymous callers are refused`, async () => {
      const doc = document(op, TARGET)
      if (!doc || ANONYMOUS_ALLOWED.has(op.name)) return
      const r = await app.gql(doc.query, doc.variables, { token: null })
      expect(denied(r, op.name), JSON.stringify(r)).toBe(true)
      expect(JSON.stringify(r)).not.toMatch(/Phúc Lợi|01\.PL\./)
    })

    it(`${op.kind} ${op.name}: a sibling ward's user and a user without roles see nothing of Phúc Lợi, exactly as if it did not exist`, async () => {
      const doc = document(op, TARGET)
      // These act on the caller's own account only (updateProfile: the caller's name and signer title).
      if (!doc || op.name === 'login' || op.name === 'logout' || op.name === 'changePassword' || op.name === 'updateProfile') return
      for (const user of ['bachdang.nhaplieu', 'khongquyen']) {
        const token = user === 'khongquyen' ? await loginNoRole(app) : await app.tokenFor(user)
        const onTarget = await app.gql(doc.query, doc.variables, { token })
        const text = JSON.stringify(onTarget)
        for (const secret of SECRET_TEXT) expect(text, `${user}: ${text}`).not.toContain(secret)
        if (PUBLIC_TO_USERS.has(op.name)) continue
        // an accepted subscription says nothing until a change comes: it must be refused outright, not merely quiet
        if (op.kind === 'mutation' || op.kind === 'subscription') {
          expect(denied(onTarget, op.name), `${user}: ${text}`).toBe(true)
          continue
        }
        // An operation that names no unit (workList: the viewer's own work) has no "missing unit" to compare with;
        // the secret-text check above still holds for it, and public document keys such as "01.PL/KH-72" may appear.
        if (!JSON.stringify(doc.variables).includes(TARGET)) continue
        const missing = document(op, MISSING)
        const onMissing = missing ? await app.gql(missing.query, missing.variables, { token }) : null
        expect(text.replaceAll(TARGET, '<code>'), user).toBe(JSON.stringify(onMissing).replaceAll(MISSING, '<code>'))
      }
    })
  }
})

let noRoleToken: string | null = null
async function loginNoRole(app: TestApp): Promise<string> {
  if (noRoleToken) return noRoleToken
  const r = await app.gql<{ login: { data?: { token: string } } }>('mutation { login(username: "khongquyen", password: "mat-khau-thu-nghiem") { ... on MutationLoginSuccess { data { token } } } }', {}, { clientAddress: '10.8.0.1' })
  noRoleToken = r.data?.login.data?.token ?? null
  if (!noRoleToken) throw new Error(JSON.stringify(r))
  return noRoleToken
}

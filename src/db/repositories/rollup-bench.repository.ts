import { sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'

type Db = Kysely<Database>

/**
 * Bench data: one submitted `own` return of a form for every leaf at least `leafDepth` levels below `rootId`, with values computed in the
 * database (INSERT … SELECT), so 100k returns and millions of values load in seconds on both dialects.
 * Integers that are denominators of a ratio get +100 so every numerator stays below its denominator.
 */
export async function fillLeafReturns(db: Db, q: { formCode: string; periodId: string; start: string; end: string; rootId: number; leafDepth: number; textEvery: number }): Promise<number> {
  const form = await db.selectFrom('forms').select('id').where('code', '=', q.formCode).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  await sql`insert into returns (unit_id, form_code, form_id, period_id, period_start, period_end, scope, status, current_revision, created_at, updated_at, submitted_at, late_days)
    select id, ${q.formCode}, ${form.id}, ${q.periodId}, ${q.start}, ${q.end}, 'own', 'submitted', 1, ${now}, ${now}, ${now}, case when id % 10 = 0 then 2 else 0 end
    from units where id in (select descendant_id from unit_closure where ancestor_id = ${q.rootId} and depth >= ${q.leafDepth})
      and not exists (select 1 from units c where c.parent_id = units.id)`.execute(db)
  const denominators = db.selectFrom('indicators').select('denominator_code').where('form_id', '=', form.id).where('denominator_code', 'is not', null)
  await sql`insert into current_values (return_id, indicator_code, num_value, text_value)
    select r.id, i.code,
      case
        when i.value_type = 'integer' then ((r.unit_id * 31 + i.id * 17) % 50) + case when i.code in (${denominators}) then 100 else 0 end
        when i.value_type = 'boolean' then r.unit_id % 2
        when i.value_type = 'decimal' then 70 + (r.unit_id % 10)
        else null end,
      case when i.value_type = 'text' then 'Ý kiến của đơn vị ' || r.unit_id else null end
    from returns r join indicators i on i.form_id = r.form_id
    where r.form_code = ${q.formCode} and r.period_id = ${q.periodId} and i.unit_agg <> 'ratio'
      and (i.value_type <> 'text' or r.unit_id % ${q.textEvery} = 0)`.execute(db)
  const n = await db.selectFrom('returns').select((eb) => eb.fn.countAll<number>().as('n')).where('form_code', '=', q.formCode).where('period_id', '=', q.periodId).executeTakeFirstOrThrow()
  return Number(n.n)
}

export interface BaselineRow {
  top_id: number
  indicator_code: string
  total: number | null
  n: number
}

/**
 * The naive baseline: a recursive CTE over units.parent_id from the root, carrying each descendant's top-level child,
 * joined to returns and values with GROUP BY — root totals are the sum of the rows. Ignores own/consolidated and history.
 */
export async function baselineRollup(db: Db, rootId: number, formCode: string, periodId: string): Promise<BaselineRow[]> {
  const r = await sql<BaselineRow>`with recursive sub(id, top_id) as (
      select id, id from units where parent_id = ${rootId}
      union all
      select u.id, sub.top_id from units u join sub on u.parent_id = sub.id
    )
    select sub.top_id as top_id, cv.indicator_code as indicator_code, sum(cv.num_value) as total, count(cv.num_value) as n
    from sub cross join returns r cross join current_values cv
    where r.unit_id = sub.id and r.form_code = ${formCode} and r.period_id = ${periodId} and cv.return_id = r.id
    group by sub.top_id, cv.indicator_code`.execute(db)
  return r.rows
}

/** Descendants of `rootId` exactly `depth` levels below it (current tree), lowest ids first. */
export async function unitIdsAtDepth(db: Db, rootId: number, depth: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', rootId).where('depth', '=', depth).orderBy('descendant_id').limit(limit).execute()
  return rows.map((r) => r.descendant_id)
}

export async function analyze(db: Db): Promise<void> {
  await sql`analyze`.execute(db)
}

/** Units `depth` levels below `rootId` that have no return of this form and period yet (for commit measurements). */
export async function unitsWithoutReturn(db: Db, rootId: number, depth: number, formCode: string, periodId: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('unit_closure as c')
    .select('c.descendant_id')
    .where('c.ancestor_id', '=', rootId)
    .where('c.depth', '=', depth)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('returns as r').select('r.id').whereRef('r.unit_id', '=', 'c.descendant_id').where('r.form_code', '=', formCode).where('r.period_id', '=', periodId))))
    .orderBy('c.descendant_id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.descendant_id)
}

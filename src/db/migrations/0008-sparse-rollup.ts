import { sql } from 'kysely'
import type { AnyDb } from './column-types.js'

const EMPTY_NODE = '{"r":0,"c":0,"s":{},"a":null}'

/**
 * Sparse rollup state (issue #14): a (form, period) without a row for a unit means an empty node there, so state is
 * maintained for every pair from its first commit, and tree changes update it in place instead of marking it stale.
 * What 0004 left is brought over in SQL: pairs whose state was built for the current tree keep it (empty nodes
 * dropped); any other pair's counted returns are marked pending, so the first query of the pair (or
 * `tonghop rollups rebuild`) computes them. rollup_built, the staleness mark, goes.
 */
export async function up(db: AnyDb): Promise<void> {
  const current = sql`cast(coalesce((select max(id) from units), 0) as text) || ':' || cast(coalesce((select max(id) from unit_parent_history), 0) as text)`
  const currentPair = sql`exists (select 1 from rollup_built b where b.form_code = x.form_code and b.period_id = x.period_id and b.tree_sig = ${current})`
  await sql`delete from rollup_state where not exists (select 1 from rollup_built b where b.form_code = rollup_state.form_code and b.period_id = rollup_state.period_id and b.tree_sig = ${current})`.execute(db)
  await sql`delete from rollup_state where state = ${EMPTY_NODE}`.execute(db)
  await sql`insert into rollup_pending (form_code, period_id, return_id)
    select x.form_code, x.period_id, x.id from returns x where x.status <> 'draft' and not ${currentPair}
      and not exists (select 1 from rollup_pending p where p.return_id = x.id)`.execute(db)
  await db.schema.dropTable('rollup_built').execute()
  // a tree change finds the pairs where a unit's node is not empty
  await db.schema.createIndex('rollup_state_unit').on('rollup_state').column('unit_id').execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('rollup_state_unit').execute()
  // 0004's reading: no pair marked built, so every rollup is computed at query time until the next commit rebuilds it
  await db.schema
    .createTable('rollup_built')
    .addColumn('form_code', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('tree_sig', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_built_pk', ['form_code', 'period_id'])
    .execute()
}

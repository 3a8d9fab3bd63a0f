import { withId, type AnyDb } from './column-types.js'

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('accounts'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await withId(db, db.schema.createTable('account_roles'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('granted_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_roles_unique', ['account_id', 'role', 'unit_id'])
    .execute()

  await withId(db, db.schema.createTable('sessions'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('client_address', 'text', (c) => c.notNull())
    .execute()

  await withId(db, db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_attempts_user').on('login_attempts').columns(['username', 'attempted_at']).execute()
  await db.schema.createIndex('login_attempts_address').on('login_attempts').columns(['client_address', 'attempted_at']).execute()

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('target', 'text')
    .addColumn('details', 'text')
    .addColumn('client_address', 'text')
    .execute()
  await db.schema.createIndex('audit_log_unit').on('audit_log').columns(['unit_id', 'id']).execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['audit_log', 'login_attempts', 'sessions', 'account_roles', 'accounts']) await db.schema.dropTable(t).execute()
}

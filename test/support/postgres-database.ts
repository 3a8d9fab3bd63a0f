import pg from 'pg'

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client(adminUrl)
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** A new, empty database on a running server (the admin URL ends in /postgres), and how to drop it. */
export async function createPostgresDatabase(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
  await adminQuery(adminUrl, `create database ${name}`)
  return { url: adminUrl.replace(/\/postgres$/, `/${name}`), drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`) }
}

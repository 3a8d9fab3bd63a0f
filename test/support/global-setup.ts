import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres, type RunningPostgres } from './postgres-server.js'
import { ensureWebBuild } from '../../src/http/web-build.js'
import { testDialects } from './test-dialects.js'

let server: RunningPostgres | null = null

/** One PostgreSQL server for the whole run; every suite gets its own database inside it. */
export async function setup(project: TestProject): Promise<void> {
  // The browser tests load the built web application: built once here when missing or older than src/web.
  await ensureWebBuild()
  if (!testDialects().includes('postgres')) return
  server = await startEmbeddedPostgres()
  project.provide('postgresUrl', server.url)
}

export async function teardown(): Promise<void> {
  await server?.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

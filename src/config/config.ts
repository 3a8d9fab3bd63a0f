import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../domain/accounts/login-throttle.js'

export type RunMode = 'development' | 'production'

export interface AppConfig {
  mode: RunMode
  host: string
  port: number
  /** `postgres://…` selects PostgreSQL; otherwise the embedded SQLite file below is used. */
  databaseUrl: string | null
  sqliteFile: string
  /** Signs short-lived download links; required in production. */
  secret: string | null
  publicUrl: string
  maxUploadBytes: number
  maxRequestBytes: number
  corsOrigins: string[]
  loginThrottle: ThrottlePolicy
  /** Demo accounts are created and printed only on the embedded development default. */
  demoAccounts: boolean
  /** HTTP worker processes `serve` runs (one per core, at most 4, by default); 1 serves from the main process. */
  workers: number
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Cấu hình ${name}="${value}" không hợp lệ: cần một số nguyên dương`)
  return n
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const mode: RunMode = env.TONGHOP_MODE === 'production' || env.NODE_ENV === 'production' ? 'production' : 'development'
  const port = intFrom(env.PORT, 4000, 'PORT')
  const host = env.HOST ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1')
  const databaseUrl = env.DATABASE_URL && /^postgres(ql)?:\/\//.test(env.DATABASE_URL) ? env.DATABASE_URL : null
  if (env.DATABASE_URL && !databaseUrl) {
    throw new Error(`DATABASE_URL phải bắt đầu bằng postgres:// (nhận được "${env.DATABASE_URL.split(':')[0]}:…")`)
  }
  return {
    mode,
    host,
    port,
    databaseUrl,
    sqliteFile: resolve(env.TONGHOP_DB_FILE ?? 'data/tonghop.sqlite'),
    secret: env.TONGHOP_SECRET ?? null,
    publicUrl: env.TONGHOP_PUBLIC_URL ?? `http://localhost:${port}`,
    maxUploadBytes: intFrom(env.TONGHOP_MAX_UPLOAD_BYTES, 10 * 1024 * 1024, 'TONGHOP_MAX_UPLOAD_BYTES'),
    // A GraphQL request within the list limits (list-limits.ts) is a few tens of KB; 900 KB of ids was the #15 probe.
    maxRequestBytes: intFrom(env.TONGHOP_MAX_REQUEST_BYTES, 256 * 1024, 'TONGHOP_MAX_REQUEST_BYTES'),
    corsOrigins: (env.TONGHOP_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    loginThrottle: { ...DEFAULT_THROTTLE, baseDelayMs: intFrom(env.TONGHOP_LOGIN_BASE_DELAY_MS, DEFAULT_THROTTLE.baseDelayMs, 'TONGHOP_LOGIN_BASE_DELAY_MS') },
    demoAccounts: mode === 'development' && env.TONGHOP_DEMO_ACCOUNTS !== '0',
    workers: intFrom(env.TONGHOP_WORKERS, Math.min(availableParallelism(), 4), 'TONGHOP_WORKERS'),
  }
}

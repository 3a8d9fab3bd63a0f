import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { DatabaseStateError } from './database-errors.js'

export interface ServerLock {
  release: () => void
}

/**
 * One `tonghop serve` per SQLite file. The lock is SQLite's own exclusive lock on a small file beside the database,
 * held by the serving process for its life: the operating system drops it when the process dies, however it dies, so
 * a killed server never leaves a stale lock, and a second server is refused at once with who holds it. (Several
 * workers of one server, and `tonghop import` beside it, are fine: they share the database through WAL.)
 */
export function acquireServerLock(databaseFile: string, port: number): ServerLock {
  const lockFile = `${databaseFile}.serve-lock`
  const infoFile = `${lockFile}.json`
  mkdirSync(dirname(lockFile), { recursive: true })
  const lock = new SqliteDatabase(lockFile, { timeout: 0 })
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.exec('create table if not exists holder (pid integer)')
    // a write under exclusive locking mode keeps the lock until the connection closes
    lock.exec('begin exclusive; delete from holder; commit')
  } catch (e) {
    lock.close()
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e
    let who = ''
    try {
      const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number; port: number; startedAt: string }
      who = ` (tiến trình ${info.pid}, cổng ${info.port}, từ ${info.startedAt})`
    } catch {
      // the holder had not yet written who it is
    }
    throw new DatabaseStateError(
      'SERVER_ALREADY_RUNNING',
      `Một máy chủ tonghop khác đang phục vụ tệp ${databaseFile}${who}. Không khởi động máy chủ thứ hai trên cùng tệp; muốn nhiều tiến trình thì đặt TONGHOP_WORKERS. Máy chủ đang chạy không bị ảnh hưởng.`,
      `Another tonghop server is already serving ${databaseFile}${who.replace('tiến trình', 'pid').replace('cổng', 'port').replace('từ', 'since')}. Do not start a second one on the same file; set TONGHOP_WORKERS for more processes. The running server is unaffected.`,
    )
  }
  writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }))
  return {
    release: () => {
      lock.close()
      rmSync(infoFile, { force: true })
    },
  }
}

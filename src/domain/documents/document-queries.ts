import { findDocumentByKeyOrSymbol, listDocuments, type DocumentRow } from '../../db/repositories/document.repository.js'
import type { Db } from '../database-handle.js'

export type { DocumentRow }

/** A document by its key or its number/symbol as typed: NFC, so "ĐU" typed either way finds it. */
export async function documentByKeyOrSymbol(db: Db, text: string): Promise<DocumentRow | undefined> {
  return findDocumentByKeyOrSymbol(db, text.trim().normalize('NFC'))
}

export async function documentsPage(db: Db, page: { afterId: number | null; limit: number }): Promise<DocumentRow[]> {
  return listDocuments(db, page)
}

import { fileURLToPath } from 'node:url'

/** Files the tests read, all inside the repository (a fresh clone has nothing beside it). */
export const XLSX_CORPUS_DIR = fileURLToPath(new URL('../fixtures/xlsx-corpus', import.meta.url))
export const SOURCE_DOCUMENTS_DIR = fileURLToPath(new URL('../../seeds/source-documents', import.meta.url))

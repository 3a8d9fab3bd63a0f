import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { SeedLoadError } from './seed-load-error.js'
import type { SeedIssue, SeedLocation, SeedSources } from './seed-issue.js'
import { AssignmentFileSchema, DocumentFileSchema, FormSeedSchema, TargetFileSchema, UnitFileSchema } from './seed-schema.js'
import type { SeedBundle } from './seed-schema.js'
import { validateSeedBundle } from './seed-validator.js'

/** The directory holding this module and the seed data beside it. */
export const SEEDS_DIR = path.dirname(fileURLToPath(import.meta.url))

export interface SeedFile {
  /** Shown in messages; the loader uses the path relative to the working directory. */
  file: string
  data: unknown
}

/** Parsed JSON of every seed file, before schema checks; tests build or alter these in memory. */
export interface SeedFiles {
  units: SeedFile[]
  documents: SeedFile
  forms: SeedFile[]
  assignments: SeedFile
  targets: SeedFile
}

const vietnameseErrors = z.locales.vi().localeError

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/')
}

function readJson(file: string, issues: SeedIssue[]): SeedFile {
  const shown = displayPath(file)
  if (!existsSync(file)) {
    issues.push({ file: shown, entry: '(tệp)', code: 'SEED_FILE_MISSING', message: 'Không tìm thấy tệp' })
    return { file: shown, data: undefined }
  }
  try {
    return { file: shown, data: JSON.parse(readFileSync(file, 'utf8')) }
  } catch (e) {
    issues.push({ file: shown, entry: '(tệp)', code: 'SEED_JSON', message: `JSON không hợp lệ: ${(e as Error).message}` })
    return { file: shown, data: undefined }
  }
}

function jsonFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return []
  // Sorted so the bundle's order, and so every message, is the same on every machine.
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name))
}

/** Reads every seed file under `dir`; unreadable files throw a SeedLoadError naming them. */
export function readSeedFiles(dir: string = SEEDS_DIR): SeedFiles {
  const issues: SeedIssue[] = []
  const unitFiles = jsonFilesIn(path.join(dir, 'units'))
  const formFiles = jsonFilesIn(path.join(dir, 'forms'))
  if (unitFiles.length === 0) issues.push({ file: displayPath(path.join(dir, 'units')), entry: '(thư mục)', code: 'SEED_FILE_MISSING', message: 'Không có tệp đơn vị *.json' })
  if (formFiles.length === 0) issues.push({ file: displayPath(path.join(dir, 'forms')), entry: '(thư mục)', code: 'SEED_FILE_MISSING', message: 'Không có tệp biểu mẫu *.json' })
  const files: SeedFiles = {
    units: unitFiles.map((f) => readJson(f, issues)),
    documents: readJson(path.join(dir, 'documents.json'), issues),
    forms: formFiles.map((f) => readJson(f, issues)),
    assignments: readJson(path.join(dir, 'assignments.json'), issues),
    targets: readJson(path.join(dir, 'targets.json'), issues),
  }
  if (issues.length > 0) throw new SeedLoadError(issues)
  return files
}

/** "units[3].parent" from a zod path; forms hold one object, so their paths start at the field. */
function entryOf(prefix: string, issuePath: readonly PropertyKey[]): string {
  let out = prefix
  for (const seg of issuePath) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`
  return out === '' ? '(toàn tệp)' : out
}

function parseFile<T>(schema: z.ZodType<T>, source: SeedFile, prefix: string, issues: SeedIssue[]): T | undefined {
  const result = schema.safeParse(source.data, { error: vietnameseErrors })
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    issues.push({ file: source.file, entry: entryOf(prefix, issue.path), code: 'SEED_SCHEMA', message: issue.message })
  }
  return undefined
}

function locations<T>(file: string, list: readonly T[]): SeedLocation[] {
  return list.map((_, index) => ({ file, index }))
}

/** Parses and validates files already in memory; throws SeedLoadError listing every problem. */
export function loadSeedBundleFrom(files: SeedFiles): SeedBundle {
  const issues: SeedIssue[] = []
  const bundle: SeedBundle = { units: [], documents: [], forms: [], assignments: [], targets: [] }
  const sources: SeedSources = { units: [], documents: [], forms: [], assignments: [], targets: [] }
  for (const f of files.units) {
    const units = parseFile(UnitFileSchema, f, 'units', issues) ?? []
    bundle.units.push(...units)
    sources.units.push(...locations(f.file, units))
  }
  const documents = parseFile(DocumentFileSchema, files.documents, 'documents', issues) ?? []
  bundle.documents.push(...documents)
  sources.documents.push(...locations(files.documents.file, documents))
  for (const f of files.forms) {
    const form = parseFile(FormSeedSchema, f, '', issues)
    if (!form) continue
    bundle.forms.push(form)
    sources.forms.push({ file: f.file, index: 0 })
  }
  const assignments = parseFile(AssignmentFileSchema, files.assignments, 'assignments', issues) ?? []
  bundle.assignments.push(...assignments)
  sources.assignments.push(...locations(files.assignments.file, assignments))
  const targets = parseFile(TargetFileSchema, files.targets, 'targets', issues) ?? []
  bundle.targets.push(...targets)
  sources.targets.push(...locations(files.targets.file, targets))
  // Cross-file checks on half-parsed data would only echo the schema errors as unknown references.
  if (issues.length > 0) throw new SeedLoadError(issues)
  const found = validateSeedBundle(bundle, sources)
  if (found.length > 0) throw new SeedLoadError(found)
  return bundle
}

/** Reads, parses and validates the seed directory (default: the one beside this module). */
export function loadSeedBundle(dir: string = SEEDS_DIR): SeedBundle {
  return loadSeedBundleFrom(readSeedFiles(dir))
}

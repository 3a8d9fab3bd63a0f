import type { AssignmentSeed, DocumentSeed, FormSeed, SeedBundle, TargetSeed, UnitSeed } from './seed-schema.js'

export const SEED_ISSUE_CODES = [
  'SEED_FILE_MISSING',
  'SEED_JSON',
  'SEED_SCHEMA',
  'SEED_DUPLICATE_CODE',
  'SEED_UNKNOWN_PARENT',
  'SEED_CYCLE',
  'SEED_CLOSED_BEFORE_OPENED',
  'SEED_HISTORY_ORDER',
  'SEED_PARENT_NOT_OPEN',
  'SEED_DUPLICATE_KEY',
  'SEED_UNKNOWN_ISSUER',
  'SEED_UNKNOWN_DOCUMENT',
  'SEED_DOCUMENT_DATES',
  'SEED_DUPLICATE_FORM',
  'SEED_DUPLICATE_SECTION',
  'SEED_DUPLICATE_INDICATOR',
  'SEED_RATIO_INCOMPLETE',
  'SEED_UNKNOWN_INDICATOR',
  'SEED_NOT_NUMERIC',
  'SEED_WEIGHT_MISSING',
  'SEED_CHOICES_MISSING',
  'SEED_AGGREGATION_MISMATCH',
  'SEED_BAD_RANGE',
  'SEED_UNKNOWN_FORM',
  'SEED_UNKNOWN_UNIT',
  'SEED_KIND_NOT_IN_SUBTREE',
  'SEED_PERIOD_NOT_ALLOWED',
  'SEED_BAD_DATES',
  'SEED_TARGET_VALUE',
  'SEED_TARGET_BASELINE',
  'SEED_DUPLICATE_TARGET',
] as const
export type SeedIssueCode = (typeof SEED_ISSUE_CODES)[number]

export interface SeedIssue {
  /** The file as given to the loader, e.g. "seeds/units/ha-noi.json". */
  file: string
  /** Which entry, e.g. 'units[12] (code "01.PL.TYT")'; positions count within the file. */
  entry: string
  code: SeedIssueCode
  /** Vietnamese, for the administrator who edits the file. */
  message: string
}

export interface SeedLocation {
  file: string
  /** Position within the file's array (0 for a file holding one object). */
  index: number
}

/** Where each bundle entry came from; arrays run parallel to the bundle's. */
export interface SeedSources {
  units: SeedLocation[]
  documents: SeedLocation[]
  forms: SeedLocation[]
  assignments: SeedLocation[]
  targets: SeedLocation[]
}

/** For bundles built in memory: each list is its own pseudo-file. */
export function defaultSources(bundle: SeedBundle): SeedSources {
  const at = (file: string, list: readonly unknown[]): SeedLocation[] => list.map((_, index) => ({ file, index }))
  return {
    units: at('units', bundle.units),
    documents: at('documents', bundle.documents),
    forms: bundle.forms.map((f) => ({ file: `forms/${f.code}`, index: 0 })),
    assignments: at('assignments', bundle.assignments),
    targets: at('targets', bundle.targets),
  }
}

export function formatIssue(issue: SeedIssue): string {
  return `${issue.file}: ${issue.entry}: ${issue.message} [${issue.code}]`
}

export const unitEntry = (u: UnitSeed, index: number): string => `units[${index}] (code "${u.code}")`
export const documentEntry = (d: DocumentSeed, index: number): string => `documents[${index}] (key "${d.key}")`
export const formEntry = (f: FormSeed): string => `form "${f.code}" v${f.version}`
export const assignmentEntry = (a: AssignmentSeed, index: number): string =>
  `assignments[${index}] (form "${a.form}", unit "${a.unit}")`
export const targetEntry = (t: TargetSeed, index: number): string =>
  `targets[${index}] (unit "${t.unit}", indicator "${t.indicator}", year ${t.year})`

/** Collects issues for one list, naming the file and entry of the item being checked. */
export class IssueSink {
  readonly issues: SeedIssue[] = []

  at(location: SeedLocation | undefined, entry: string): (code: SeedIssueCode, message: string) => void {
    const file = location?.file ?? '?'
    return (code, message) => {
      this.issues.push({ file, entry, code, message })
    }
  }
}

import { checkAssignments } from './checks/assignment-checks.js'
import { checkDocuments } from './checks/document-checks.js'
import { checkForms } from './checks/form-checks.js'
import { checkTargets } from './checks/target-checks.js'
import { checkUnits } from './checks/unit-checks.js'
import { IssueSink, defaultSources } from './seed-issue.js'
import type { SeedIssue, SeedSources } from './seed-issue.js'
import type { SeedBundle } from './seed-schema.js'

/**
 * Cross-file checks the schema cannot make: references, uniqueness, the shape of the tree and
 * of each form. Pure: returns every issue found (empty = valid) so an administrator fixes all at once.
 */
export function validateSeedBundle(bundle: SeedBundle, sources: SeedSources = defaultSources(bundle)): SeedIssue[] {
  const sink = new IssueSink()
  const units = checkUnits(bundle.units, sources.units, sink)
  const documents = checkDocuments(bundle.documents, sources.documents, units, sink)
  const forms = checkForms(bundle.forms, sources.forms, sink)
  checkAssignments(bundle.assignments, sources.assignments, { units, documents, forms }, sink)
  checkTargets(bundle.targets, sources.targets, { units, documents, forms }, sink)
  return sink.issues
}

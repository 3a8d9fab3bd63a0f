import { lastDayOfMonth } from '../seed-dates.js'
import { documentEntry } from '../seed-issue.js'
import type { IssueSink, SeedLocation } from '../seed-issue.js'
import type { DocumentSeed, UnitSeed } from '../seed-schema.js'

/** Earliest and latest day the document can bear, from its date or, for drafts, its month. */
function dateRange(d: DocumentSeed): { earliest: string; latest: string } | null {
  if (d.issuedOn) return { earliest: d.issuedOn, latest: d.issuedOn }
  if (d.issuedMonth) return { earliest: `${d.issuedMonth}-01`, latest: lastDayOfMonth(d.issuedMonth) }
  return null
}

export function checkDocuments(
  documents: readonly DocumentSeed[],
  sources: readonly SeedLocation[],
  units: ReadonlyMap<string, UnitSeed>,
  sink: IssueSink,
): Map<string, DocumentSeed> {
  const byKey = new Map<string, DocumentSeed>()
  const firstAt = new Map<string, number>()
  const at = (i: number) => sink.at(sources[i], documentEntry(documents[i] as DocumentSeed, sources[i]?.index ?? i))
  documents.forEach((d, i) => {
    const first = firstAt.get(d.key)
    if (first === undefined) {
      firstAt.set(d.key, i)
      byKey.set(d.key, d)
    } else {
      at(i)('SEED_DUPLICATE_KEY', `Khóa văn bản "${d.key}" đã dùng cho documents[${sources[first]?.index ?? first}]`)
    }
  })
  documents.forEach((d, i) => {
    const report = at(i)
    const issuer = units.get(d.issuer)
    if (!issuer) report('SEED_UNKNOWN_ISSUER', `Cơ quan ban hành "${d.issuer}" không có trong danh sách đơn vị`)
    if (d.issuedOn && d.issuedMonth && !d.issuedOn.startsWith(d.issuedMonth)) {
      report('SEED_DOCUMENT_DATES', `Ngày ban hành ${d.issuedOn} không thuộc tháng ${d.issuedMonth}`)
    }
    const range = dateRange(d)
    if (issuer && range) {
      if (issuer.openedOn && range.latest < issuer.openedOn) {
        report('SEED_DOCUMENT_DATES', `Văn bản ban hành trước khi "${issuer.code}" được thành lập (${issuer.openedOn})`)
      }
      if (issuer.closedOn && range.earliest > issuer.closedOn) {
        report('SEED_DOCUMENT_DATES', `Văn bản ban hành sau khi "${issuer.code}" giải thể (${issuer.closedOn})`)
      }
    }
    const refs = [...d.implements.map((k) => ['implements', k] as const), ...(d.cites ?? []).map((k) => ['cites', k] as const)]
    for (const [field, key] of refs) {
      const target = byKey.get(key)
      if (!target) {
        report('SEED_UNKNOWN_DOCUMENT', `${field}: văn bản "${key}" không có trong documents.json`)
        continue
      }
      if (key === d.key) {
        report('SEED_UNKNOWN_DOCUMENT', `${field}: văn bản không thể tham chiếu chính nó`)
        continue
      }
      const targetRange = dateRange(target)
      // A document can only implement one that already exists.
      if (field === 'implements' && range && targetRange && range.latest < targetRange.earliest) {
        report('SEED_DOCUMENT_DATES', `Thực hiện văn bản "${key}" ban hành sau nó`)
      }
    }
  })
  return byKey
}

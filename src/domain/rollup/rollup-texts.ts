import type { RollupText } from './rollup-aggregation.js'
import { foldForSearch } from '../text/vietnamese-text.js'

export interface TextPage {
  /** how many texts match (before the page is cut) */
  total: number
  texts: RollupText[]
}

/** The largest page one request may ask for: a national rollup holds tens of thousands of texts. */
export const MAX_TEXT_PAGE = 500

/**
 * One page of a node's texts, in unit order, optionally only those whose text or unit name contains `search`
 * without regard to diacritics or case ("kho khan" finds "Khó khăn").
 */
export function pageTexts(texts: readonly RollupText[], opts: { first: number; offset: number; search: string | null }): TextPage {
  const needle = opts.search ? foldForSearch(opts.search) : ''
  const matching = needle ? texts.filter((t) => foldForSearch(t.text).includes(needle) || foldForSearch(t.unitName).includes(needle)) : texts
  const first = Math.max(0, Math.min(opts.first, MAX_TEXT_PAGE))
  const offset = Math.max(0, opts.offset)
  return { total: matching.length, texts: matching.slice(offset, offset + first) }
}

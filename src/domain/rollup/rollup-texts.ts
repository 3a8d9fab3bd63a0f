import type { RollupText, TextPage, TextPageRequest } from './rollup-aggregation.js'
import { foldForSearch } from '../text/vietnamese-text.js'

export type { TextPage, TextPageRequest } from './rollup-aggregation.js'

/** The largest page one request may ask for: a national rollup holds tens of thousands of texts. */
export const MAX_TEXT_PAGE = 500

/** The page's bounds as asked, cut to what one request may read. */
export function pageBounds(req: TextPageRequest): { first: number; offset: number } {
  return { first: Math.max(0, Math.min(req.first, MAX_TEXT_PAGE)), offset: Math.max(0, req.offset) }
}

/** Whether a text matches a search already folded (foldForSearch): its text or its unit's name contains it. */
export function textMatches(t: RollupText, needle: string): boolean {
  return foldForSearch(t.text).includes(needle) || foldForSearch(t.unitName).includes(needle)
}

/**
 * One page of a node's texts, in unit order, optionally only those whose text or unit name contains `search`
 * without regard to diacritics or case ("kho khan" finds "Khó khăn").
 */
export function pageTexts(texts: readonly RollupText[], req: TextPageRequest): TextPage {
  const needle = req.search ? foldForSearch(req.search) : ''
  const matching = needle ? texts.filter((t) => textMatches(t, needle)) : texts
  const { first, offset } = pageBounds(req)
  return { total: matching.length, texts: matching.slice(offset, offset + first) }
}

/** A figure's page: through the engine's pager when it has one (storage read a page at a time), else over its list. */
export function figureTextPage(f: { texts: readonly RollupText[]; textPage?: (req: TextPageRequest) => Promise<TextPage> }, req: TextPageRequest): Promise<TextPage> {
  return f.textPage ? f.textPage(req) : Promise.resolve(pageTexts(f.texts, req))
}

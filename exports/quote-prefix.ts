import { createRequire } from 'node:module'
import type { Alignment } from 'exceljs'

/**
 * The cell style's "quote prefix" (OOXML `<xf quotePrefix="1">`, what Excel and LibreOffice set when a user types
 * '=text): the cell shows and prints its text as written, and stays text when the user edits it again, so text that
 * begins like a formula needs no apostrophe of ours in the value.
 *
 * exceljs 4.4.0 neither writes nor reads the attribute. A style asks for it through a marker key on its alignment
 * object (alignment objects reach the xf renderer untouched, and exceljs deduplicates styles by their rendered XML, so
 * a marked style gets its own xf); the renderer below adds the attribute. Installed once, on import of this module.
 */
export const QUOTE_PREFIX_KEY = 'tonghopQuotePrefix'

type XmlStream = { openNode: (name: string, attributes?: Record<string, unknown>) => void }
type XfModel = { alignment?: Record<string, unknown> } | undefined
interface StyleXformClass { prototype: { render: (this: unknown, xml: XmlStream, model: XfModel) => void; __tonghopQuotePrefix?: true } }

const require = createRequire(import.meta.url)
const StyleXform = require('exceljs/lib/xlsx/xform/style/style-xform.js') as StyleXformClass

if (!StyleXform.prototype.__tonghopQuotePrefix) {
  const render = StyleXform.prototype.render
  StyleXform.prototype.render = function (xml, model) {
    if (!model?.alignment?.[QUOTE_PREFIX_KEY]) return render.call(this, xml, model)
    const openNode = xml.openNode
    // The xf element is the first node the renderer opens; its attributes are given there.
    xml.openNode = function (this: XmlStream, name, attributes) {
      xml.openNode = openNode
      return openNode.call(this, name, name === 'xf' ? { ...attributes, quotePrefix: '1' } : attributes)
    }
    try {
      render.call(this, xml, model)
    } finally {
      xml.openNode = openNode
    }
  }
  StyleXform.prototype.__tonghopQuotePrefix = true
}

const quoted = new WeakMap<object, Partial<Alignment>>()

/** The same alignment with the quote prefix asked for (one shared object per alignment, so styles stay shared). */
export function withQuotePrefix(align: Partial<Alignment>): Partial<Alignment> {
  let q = quoted.get(align)
  if (!q) {
    q = { ...align, [QUOTE_PREFIX_KEY]: true } as Partial<Alignment>
    quoted.set(align, q)
  }
  return q
}

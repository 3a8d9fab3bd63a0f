import { useEffect, useId, useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { DashboardTextsQuery } from '../api/dashboard-operations'
import { num } from '../format'
import type { DashboardTarget } from './dashboard-context-bar'

const PAGE = 50

interface Props {
  target: DashboardTarget
  /** The form's text indicators (difficulties, proposals, good practices). */
  indicators: readonly { code: string; label: string }[]
  /** The indicator shown first (the first one somebody wrote for). */
  initial?: string
  /** Bumped by every live change: the texts are read again. */
  version: number
}

type Group = { code: string; label: string; textCount: number; texts: { unitCode: string; unitName: string; text: string }[] }

/** What the units wrote, by unit in unit order, a page at a time, searchable without regard to diacritics. */
export function DashboardTexts({ target, indicators, initial, version }: Props) {
  const id = useId()
  const [code, setCode] = useState(initial ?? indicators[0]?.code ?? '')
  const [search, setSearch] = useState('')
  const [offset, setOffset] = useState(0)
  const [group, setGroup] = useState<Group | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setOffset(0), [code, search, target.unit, target.form, target.period])
  useEffect(() => {
    if (!code) return
    let current = true
    const t = setTimeout(() => {
      gqlRequest(DashboardTextsQuery, { ...target, codes: [code], search: search.trim() || null, first: PAGE, offset }).then(
        (r) => {
          if (!current) return
          if (r.rollup.__typename !== 'QueryRollupSuccess') return setError(r.rollup.message)
          setError(null)
          setGroup(r.rollup.data.summary.indicators[0] ?? null)
        },
        (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
      )
    }, 150)
    return () => {
      current = false
      clearTimeout(t)
    }
  }, [target.unit, target.form, target.period, code, search, offset, version])
  if (!indicators.length) return null
  return (
    <section aria-labelledby="th-y-kien" className="panel texts">
      <h2 id="th-y-kien">Ý kiến của các đơn vị</h2>
      <div className="toolbar">
        <div>
          <label htmlFor={`${id}-ct`}>Nội dung</label>
          <select id={`${id}-ct`} value={code} onChange={(e) => setCode(e.target.value)}>
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} — {i.label}
              </option>
            ))}
          </select>
        </div>
        <div role="search">
          <label htmlFor={`${id}-q`}>Tìm trong ý kiến</label>
          <input id={`${id}-q`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="ví dụ: kinh phi" />
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {group && (
        <>
          <p role="status" className="meta">
            {group.textCount ? `${num(group.textCount)} ý kiến${group.textCount > PAGE ? `, đang xem ${num(offset + 1)}–${num(Math.min(offset + PAGE, group.textCount))}` : ''}` : 'Chưa có ý kiến nào.'}
          </p>
          <dl className="text-list">
            {group.texts.map((t, i) => (
              <div key={`${t.unitCode}-${offset + i}`}>
                <dt>{t.unitName}</dt>
                <dd>{t.text}</dd>
              </div>
            ))}
          </dl>
          {group.textCount > PAGE && (
            <div className="actions">
              <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                Trang trước
              </button>
              <button type="button" className="secondary" disabled={offset + PAGE >= group.textCount} onClick={() => setOffset(offset + PAGE)}>
                Trang sau
              </button>
            </div>
          )}
        </>
      )}
    </section>
  )
}

import { useEffect, useId, useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { DashboardUnitSearchQuery } from '../api/dashboard-operations'
import { dashboardHref } from '../dashboard-format'
import type { PeriodOption } from '../period-options'
import { navigate } from '../router'
import { Link } from './link'

export interface DashboardTarget {
  unit: string
  form: string
  period: string
  /** a past period restated onto today's tree (rollup `view: RESTATED`); absent: as reported */
  view?: 'RESTATED' | undefined
}

interface Props {
  target: DashboardTarget
  forms: readonly { code: string; title: string }[]
  periods: readonly PeriodOption[]
}

/** The form, the period and the unit the dashboard shows; each choice is a new address (shareable, back button works). */
export function DashboardContextBar({ target, forms, periods }: Props) {
  const go = (change: Partial<DashboardTarget>) => navigate(dashboardHref({ ...target, ...change }))
  return (
    <div className="context-bar">
      <form className="toolbar" aria-label="Chọn biểu mẫu và kỳ báo cáo" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="th-bieu">Biểu mẫu</label>
          <select id="th-bieu" value={target.form} onChange={(e) => go({ form: e.target.value, period: '' })}>
            {forms.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} — {f.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="th-ky">Kỳ báo cáo</label>
          <select id="th-ky" value={target.period} onChange={(e) => go({ period: e.target.value })}>
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <UnitSearch target={target} />
    </div>
  )
}

type Found = { code: string; name: string; parent: string | null }

/** Finds a unit of the viewer's scope by name, without regard to diacritics ("phuc loi" finds Phúc Lợi). */
function UnitSearch({ target }: { target: DashboardTarget }) {
  const id = useId()
  const [search, setSearch] = useState('')
  const [found, setFound] = useState<Found[] | null>(null)
  useEffect(() => {
    const q = search.trim()
    if (q.length < 2) {
      setFound(null)
      return
    }
    let current = true
    const t = setTimeout(() => {
      gqlRequest(DashboardUnitSearchQuery, { search: q }).then(
        (r) => current && setFound(r.units.edges.map((e) => ({ code: e.node.code, name: e.node.name, parent: e.node.parent?.name ?? null }))),
        () => current && setFound([]),
      )
    }, 200)
    return () => {
      current = false
      clearTimeout(t)
    }
  }, [search])
  return (
    <div className="unit-search" role="search">
      <label htmlFor={`${id}-q`}>Tìm đơn vị</label>
      <input id={`${id}-q`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="ví dụ: phuc loi" autoComplete="off" aria-describedby={`${id}-n`} />
      <p id={`${id}-n`} className="meta" role="status">
        {found === null ? '' : found.length ? `Tìm thấy ${found.length} đơn vị` : 'Không tìm thấy đơn vị nào'}
      </p>
      {found && found.length > 0 && (
        <ul className="unit-results">
          {found.map((u) => (
            <li key={u.code}>
              <Link href={dashboardHref({ ...target, unit: u.code })}>{u.name}</Link>
              {u.parent && <span className="meta"> — {u.parent}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/**
 * For a past period: its own tree, as the units reported then ("Như đã báo cáo"), or restated onto today's units through
 * the reorganization lineage ("Theo đơn vị hiện nay", rollup `view: RESTATED`). The choice is the address (`xem=quy-doi`).
 */
export function ViewChoice({ target }: { target: DashboardTarget }) {
  const id = useId()
  const go = (view: DashboardTarget['view']) => navigate(dashboardHref({ ...target, view }))
  const restated = target.view === 'RESTATED'
  return (
    <fieldset className="view-choice no-print" aria-describedby={`${id}-n`}>
      <legend>Xem kỳ đã qua</legend>
      <label>
        <input type="radio" name={`${id}-xem`} value="AS_REPORTED" checked={!restated} onChange={() => go(undefined)} /> Như đã báo cáo
      </label>
      <label>
        <input type="radio" name={`${id}-xem`} value="RESTATED" checked={restated} onChange={() => go('RESTATED')} /> Theo đơn vị hiện nay
      </label>
      <p id={`${id}-n`} className="meta">
        {restated
          ? 'Số liệu của kỳ quy đổi về các đơn vị hiện nay qua sắp xếp tổ chức (hợp nhất: cộng; chia tách: ước tính theo tỷ lệ); không đánh giá mục tiêu.'
          : 'Số liệu theo cây tổ chức của kỳ đó.'}
      </p>
    </fieldset>
  )
}

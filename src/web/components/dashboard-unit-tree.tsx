import { useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { DashboardUnitQuery } from '../api/dashboard-operations'
import { dashboardHref } from '../dashboard-format'
import type { DashboardTarget } from './dashboard-context-bar'
import { Link } from './link'

type U = { code: string; name: string }

/**
 * The units under the one shown, as a tree: a link drills down to that unit's dashboard, the button beside it opens
 * its own units in place (read when opened; a disclosure button, so Tab, Enter and Space are all it takes).
 */
export function UnitTree({ units, target }: { units: readonly U[]; target: DashboardTarget }) {
  if (!units.length) return null
  return (
    <nav aria-label="Đơn vị trực thuộc" className="unit-tree">
      <h2>Đơn vị trực thuộc</h2>
      <Branch units={units} target={target} />
    </nav>
  )
}

function Branch({ units, target }: { units: readonly U[]; target: DashboardTarget }) {
  return (
    <ul>
      {units.map((u) => (
        <TreeItem key={u.code} unit={u} target={target} />
      ))}
    </ul>
  )
}

function TreeItem({ unit, target }: { unit: U; target: DashboardTarget }) {
  const [open, setOpen] = useState(false)
  const [children, setChildren] = useState<U[] | null>(null)
  const toggle = () => {
    if (!open && children === null) {
      gqlRequest(DashboardUnitQuery, { code: unit.code }).then(
        (r) => setChildren(r.unit?.children.edges.map((e) => e.node) ?? []),
        () => setChildren([]),
      )
    }
    setOpen(!open)
  }
  return (
    <li>
      <button type="button" className="tree-toggle" aria-expanded={open} onClick={toggle}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span className="visually-hidden">{open ? `Thu gọn ${unit.name}` : `Mở ${unit.name}`}</span>
      </button>{' '}
      <Link href={dashboardHref({ ...target, unit: unit.code })}>{unit.name}</Link>
      {open && children === null && <span className="meta"> Đang tải…</span>}
      {open && children && (children.length ? <Branch units={children} target={target} /> : <span className="meta"> (không có đơn vị trực thuộc)</span>)}
    </li>
  )
}

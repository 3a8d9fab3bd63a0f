import { dashboardHref } from '../dashboard-format'
import type { DashboardTarget } from './dashboard-context-bar'
import { Link } from './link'

type U = { code: string; name: string }

/** From the top of the viewer's scope down to the unit shown; each step one click up. */
export function DashboardBreadcrumbs({ path, scope, target }: { path: readonly U[]; scope: ReadonlySet<string>; target: DashboardTarget }) {
  const top = path.findIndex((u) => scope.has(u.code))
  const shown = top >= 0 ? path.slice(top) : path.slice(-1)
  return (
    <nav aria-label="Đường dẫn đơn vị" className="breadcrumbs">
      <ol>
        {shown.map((u, i) => (
          <li key={u.code}>
            {i === shown.length - 1 ? (
              <span aria-current="page">{u.name}</span>
            ) : (
              <Link href={dashboardHref({ ...target, unit: u.code })}>{u.name}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}

import type { DashboardCompletenessQuery } from '../gql/graphql'
import { dashboardHref } from '../dashboard-format'
import { dateTime, num } from '../format'
import type { DashboardTarget } from './dashboard-context-bar'
import { Link } from './link'

export type CompletenessData = Extract<DashboardCompletenessQuery['completeness'], { __typename: 'QueryCompletenessSuccess' }>['data']

/** Who reported: expected, received, on time, late, missing; per child as a bar; the late and missing units listed. */
export function DashboardCompleteness({ data, target }: { data: CompletenessData; target: DashboardTarget }) {
  const children = data.children.filter((c) => c.expected > 0)
  return (
    <section aria-labelledby="th-nop" className="panel">
      <h2 id="th-nop">Tình hình nộp báo cáo</h2>
      <dl className="tiles" data-testid="completeness-summary">
        {(
          [
            ['Phải nộp', data.expected, 'expected'],
            ['Đã nộp', data.received, 'received'],
            ['Đúng hạn', data.onTime, 'onTime'],
            ['Nộp muộn', data.late, 'late'],
            ['Chưa nộp', data.missing, 'missing'],
          ] as const
        ).map(([label, value, key]) => (
          <div key={key} className={`tile tile-${key}`}>
            <dt>{label}</dt>
            <dd data-figure={key}>{num(value)}</dd>
          </div>
        ))}
      </dl>
      {children.length > 0 && (
        <table className="completeness-children">
          <caption>Theo đơn vị trực thuộc</caption>
          <thead>
            <tr>
              <th scope="col">Đơn vị</th>
              <th scope="col">Phải nộp</th>
              <th scope="col">Đúng hạn</th>
              <th scope="col">Muộn</th>
              <th scope="col">Chưa nộp</th>
              <th scope="col">Tỷ lệ đã nộp</th>
            </tr>
          </thead>
          <tbody>
            {children.map((c) => {
              const share = c.expected ? (100 * c.received) / c.expected : 0
              return (
                <tr key={c.unit.code} data-unit={c.unit.code}>
                  <th scope="row">
                    <Link href={dashboardHref({ ...target, unit: c.unit.code })}>{c.unit.name}</Link>
                  </th>
                  <td className="num">{num(c.expected)}</td>
                  <td className="num">{num(c.onTime)}</td>
                  <td className="num">{num(c.late)}</td>
                  <td className="num">{num(c.missing)}</td>
                  <td>
                    <span className="bar" aria-hidden="true">
                      <span className="bar-on-time" style={{ width: `${c.expected ? (100 * c.onTime) / c.expected : 0}%` }} />
                      <span className="bar-late" style={{ width: `${c.expected ? (100 * c.late) / c.expected : 0}%` }} />
                    </span>{' '}
                    {num(share)} %
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <div className="two-columns">
        <div>
          <h3>Chưa nộp ({num(data.missing)})</h3>
          {data.missingUnits.length ? (
            <ul className="missing-units">
              {data.missingUnits.map((u) => (
                <li key={u.unit.code}>
                  <Link href={dashboardHref({ ...target, unit: u.unit.code })}>{u.unit.name}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p>Không có.</p>
          )}
          {data.missing > data.missingUnits.length && <p className="meta">… và {num(data.missing - data.missingUnits.length)} đơn vị khác.</p>}
        </div>
        <div>
          <h3>Nộp muộn ({num(data.late)})</h3>
          {data.lateUnits.length ? (
            <table className="late-units">
              <thead>
                <tr>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Nộp lúc</th>
                  <th scope="col">Muộn</th>
                </tr>
              </thead>
              <tbody>
                {data.lateUnits.map((u) => (
                  <tr key={u.unit.code}>
                    <td>
                      <Link href={dashboardHref({ ...target, unit: u.unit.code })}>{u.unit.name}</Link>
                    </td>
                    <td>{u.submittedAt ? dateTime(u.submittedAt) : '—'}</td>
                    <td className="num">{num(u.lateDays)} ngày</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Không có.</p>
          )}
        </div>
      </div>
    </section>
  )
}

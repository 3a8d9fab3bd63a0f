import { comparatorText, ESTIMATE_TEXT, figureText } from '../dashboard-format'
import { num } from '../format'
import type { DashboardFormsQuery, DashboardRollupQuery } from '../gql/graphql'
import { TargetStatus } from './target-status'

export type RollupData = Extract<DashboardRollupQuery['rollup'], { __typename: 'QueryRollupSuccess' }>['data']
export type FormDef = DashboardFormsQuery['forms']['edges'][number]['node']

/** Indicators by section: value, numerator and denominator, reporting units, the unit's target and its status, the discrepancy. */
export function DashboardRollupTable({ form, data }: { form: FormDef; data: RollupData }) {
  const figures = new Map(data.summary.indicators.map((f) => [f.code, f]))
  const anyDiscrepancy = data.summary.indicators.some((f) => f.discrepancy !== null && f.discrepancy !== undefined && f.discrepancy !== 0)
  return (
    <section aria-labelledby="th-so-lieu" className="panel">
      <h2 id="th-so-lieu">Số liệu tổng hợp</h2>
      <p className="meta">
        {data.unit.name}, {data.period.label}: {num(data.summary.reportingUnits)} đơn vị có số liệu
        {data.summary.hasConsolidatedReturn ? '; đơn vị đã gửi báo cáo tổng hợp' : ''}.
      </p>
      {data.summary.estimated && (
        <p className="meta estimate-note">Số liệu quy đổi qua chia tách đơn vị: {ESTIMATE_TEXT}.</p>
      )}
      <table className="rollup-table">
        <caption className="visually-hidden">
          Số liệu tổng hợp của {data.unit.name}, {data.period.label}
        </caption>
        <thead>
          <tr>
            <th scope="col">Mã</th>
            <th scope="col">Chỉ tiêu</th>
            <th scope="col">Đơn vị tính</th>
            <th scope="col">Số liệu</th>
            <th scope="col">Tử số</th>
            <th scope="col">Mẫu số</th>
            <th scope="col">Đơn vị báo cáo</th>
            <th scope="col">Mục tiêu</th>
            <th scope="col">Đánh giá</th>
            {anyDiscrepancy && <th scope="col">Chênh lệch</th>}
          </tr>
        </thead>
        {form.sections.map((s) => (
          <tbody key={s.code}>
            <tr className="section-row">
              <th scope="rowgroup" colSpan={anyDiscrepancy ? 10 : 9}>
                {s.code}. {s.title}
              </th>
            </tr>
            {s.indicators.map((i) => {
              const f = figures.get(i.code)
              if (!f) return null
              const ratio = f.valueType === 'ratio'
              return (
                <tr key={i.code} data-code={i.code}>
                  <td>{i.code}</td>
                  <th scope="row">{i.label}</th>
                  <td>{i.unitOfMeasure ?? ''}</td>
                  <td className="num" data-col="value">
                    {figureText(f)}
                    {data.summary.estimated && f.value !== null && f.value !== undefined && <span className="estimate"> ({ESTIMATE_TEXT})</span>}
                  </td>
                  <td className="num" data-col="numerator">
                    {ratio ? num(f.numerator) : ''}
                  </td>
                  <td className="num" data-col="denominator">
                    {ratio ? num(f.denominator) : ''}
                  </td>
                  <td className="num" data-col="reporting">
                    {num(f.reportingUnits)}
                  </td>
                  <td data-col="target">{f.target ? `${comparatorText(f.target.comparator)} ${num(f.target.value)} (${f.target.year})` : ''}</td>
                  <td data-col="status">{f.target ? <TargetStatus status={f.status} /> : ''}</td>
                  {anyDiscrepancy && (
                    <td className={`num${f.discrepancy ? ' discrepancy' : ''}`} data-col="discrepancy">
                      {f.discrepancy ? num(f.discrepancy) : ''}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        ))}
      </table>
      {anyDiscrepancy && <p className="meta">Chênh lệch: số liệu báo cáo tổng hợp của đơn vị trừ (báo cáo riêng + các đơn vị trực thuộc).</p>}
    </section>
  )
}

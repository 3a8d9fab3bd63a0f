import { useState } from 'react'
import { num } from '../format'
import type { FormIndicatorsQuery, UploadReturnMutation } from '../gql/graphql'

export type UploadData = Extract<UploadReturnMutation['uploadReturn'], { __typename: 'MutationUploadReturnSuccess' }>['data']
export type Indicator = NonNullable<FormIndicatorsQuery['form']>['indicators'][number]
type Finding = UploadData['findings'][number]

const SEVERITY: Record<string, string> = { error: 'Lỗi', warning: 'Cảnh báo' }

/** "Biểu 01!E12" → sheet and row, so a finding can be matched to the value row it belongs to. */
function rowOf(place: string | null | undefined): string | null {
  const m = place ? /^(.*)!\$?[A-Z]+\$?(\d+)$/.exec(place) : null
  return m ? `${m[1]}!${m[2]}` : null
}

/** The indicators a finding is about: those whose code its message names, else the one on its row. */
function indicatorsOf(f: Finding, indicators: Indicator[], valuesByRow: Map<string, string>): Indicator[] {
  const named = indicators.filter((i) => new RegExp(`(^|[^A-Z0-9])${i.code}([^A-Z0-9]|$)`).test(f.message))
  if (named.length) return named
  const code = valuesByRow.get(rowOf(f.place) ?? '')
  return indicators.filter((i) => i.code === code)
}

/**
 * The indicator column of a finding: its code, with the label only when the message beside it does not already say it
 * (the importer's messages name the indicator as "QT01 (label)"; a reader should not meet the label twice in a row).
 */
function indicatorCell(ind: Indicator, message: string): string {
  return ind.label && !message.includes(ind.label) ? `${ind.label} (${ind.code})` : ind.code
}

/** The ratio of each ratio indicator, recomputed from the numerator and denominator the file gives (never typed). */
function ratios(indicators: Indicator[], values: Map<string, number | null | undefined>) {
  return indicators
    .filter((i) => i.valueType === 'ratio' && i.numerator && i.denominator)
    .map((i) => {
      const n = values.get(i.numerator as string)
      const d = values.get(i.denominator as string)
      return { indicator: i, value: typeof n === 'number' && typeof d === 'number' && d !== 0 ? (n / d) * 100 : null }
    })
}

/** How a file would land (or landed): unit, form, period, document, each value with its label, ratios, findings. */
export function UploadResult({ data, indicators, formTitle, headingId }: { data: UploadData; indicators: Indicator[]; formTitle: string | null; headingId: string }) {
  const [picked, setPicked] = useState<string | null>(null)
  const label = new Map(indicators.map((i) => [i.code, i]))
  const valuesByRow = new Map<string, string>()
  for (const r of data.returns) for (const v of r.values) valuesByRow.set(rowOf(v.place) ?? '', v.indicator)
  const pick = (f: Finding) => {
    const row = rowOf(f.place)
    setPicked(row)
    if (row) document.getElementById(`dong-${headingId}-${row}`)?.scrollIntoView({ block: 'center' })
  }
  return (
    <div>
      {data.findings.length > 0 && (
        <>
          <h3>Lỗi và cảnh báo ({data.findings.length})</h3>
          <table className="finding-list">
            <thead>
              <tr>
                <th scope="col">Mức</th>
                <th scope="col">Vị trí</th>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Mã</th>
              </tr>
            </thead>
            <tbody>
              {data.findings.map((f, i) => (
                <tr key={i} className="finding">
                  <td className={`sev-${f.severity}`}>{SEVERITY[f.severity] ?? f.severity}</td>
                  <td>
                    {f.place && rowOf(f.place) && valuesByRow.has(rowOf(f.place) as string) ? (
                      <button type="button" onClick={() => pick(f)} aria-label={`Xem dòng của ô ${f.place}`}>
                        {f.place}
                      </button>
                    ) : (
                      (f.place ?? '—')
                    )}
                  </td>
                  <td>
                    {indicatorsOf(f, indicators, valuesByRow)
                      .map((ind) => indicatorCell(ind, f.message))
                      .join('; ') || '—'}
                  </td>
                  <td>{f.message}</td>
                  <td>
                    <code>{f.code}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {data.returns.map((r) => {
        const values = new Map(r.values.map((v) => [v.indicator, v.number]))
        return (
          <div key={r.unitCode}>
            <h3>
              {r.unitName} ({r.unitCode}) — {data.formCode} {formTitle ? `· ${formTitle}` : ''} — kỳ {data.periodId}
            </h3>
            <p className="meta">
              Văn bản: {r.document ? `${r.document.symbol} — ${r.document.title}` : 'không nêu'}
              {r.revision ? ` · lần cập nhật ${r.revision}` : ''}
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Mã</th>
                  <th scope="col">Chỉ tiêu</th>
                  <th scope="col">Giá trị</th>
                  <th scope="col">Đơn vị tính</th>
                  <th scope="col">Ô</th>
                </tr>
              </thead>
              <tbody>
                {r.values.map((v) => (
                  <tr key={v.indicator} id={`dong-${headingId}-${rowOf(v.place)}`} className={picked && picked === rowOf(v.place) ? 'picked' : undefined}>
                    <td>{v.indicator}</td>
                    <td>{label.get(v.indicator)?.label ?? ''}</td>
                    <td className="num">{v.text ?? num(v.number)}</td>
                    <td>{label.get(v.indicator)?.unitOfMeasure ?? ''}</td>
                    <td>{v.place}</td>
                  </tr>
                ))}
                {ratios(indicators, values).map(({ indicator, value }) => (
                  <tr key={indicator.code} className="ratio">
                    <td>{indicator.code}</td>
                    <td>
                      {indicator.label} <span className="meta">(tính lại: {indicator.numerator}/{indicator.denominator})</span>
                    </td>
                    <td className="num">{value === null ? '—' : `${num(value)}%`}</td>
                    <td>%</td>
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      })}
    </div>
  )
}

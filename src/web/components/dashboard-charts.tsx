import { useEffect, useId, useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { DashboardSeriesQuery } from '../api/dashboard-operations'
import { comparatorText, ESTIMATE_TEXT, figureText, STATUS_WORDS } from '../dashboard-format'
import { num } from '../format'
import type { DashboardSeriesQuery as SeriesResult } from '../gql/graphql'
import { periodLabel, yearPeriods } from '../period-options'
import { BarChart, ChartFigure, StackedChart } from './charts'
import type { DashboardTarget } from './dashboard-context-bar'
import type { FormDef, RollupData } from './dashboard-rollup-table'

type Point = Extract<SeriesResult['series'], { __typename: 'QuerySeriesSuccess' }>['data'][number]

const NUMERIC = new Set(['integer', 'decimal', 'ratio'])

/** The indicator a chart starts on: a ratio with a target, else any ratio, else the first number. */
function firstChoice(data: RollupData): string {
  const numeric = data.summary.indicators.filter((f) => NUMERIC.has(f.valueType))
  const withTarget = data.children.flatMap((c) => c.indicators.filter((f) => f.target).map((f) => f.code))
  return (numeric.find((f) => f.valueType === 'ratio' && withTarget.includes(f.code)) ?? numeric.find((f) => f.valueType === 'ratio') ?? numeric[0])?.code ?? ''
}

/** Charts where people would rather look than read; each with its numbers as a table beside it. */
export function DashboardCharts({ form, data, target, version }: { form: FormDef; data: RollupData; target: DashboardTarget; version: number }) {
  const id = useId()
  const [picked, setPicked] = useState<string | null>(null)
  const numeric = form.sections.flatMap((s) => s.indicators).filter((i) => NUMERIC.has(i.valueType))
  const code = picked && numeric.some((i) => i.code === picked) ? picked : firstChoice(data)
  const def = numeric.find((i) => i.code === code)
  const summary = data.summary.indicators.find((f) => f.code === code)
  const percent = def?.valueType === 'ratio' ? ' %' : ''
  const choices = data.summary.indicators.filter((f) => f.valueType === 'choice')
  const yesNo = data.summary.indicators.filter((f) => f.valueType === 'boolean')
  const ranked = data.children
    .map((c) => ({ unit: c.unit, estimated: c.estimated, figure: c.indicators.find((f) => f.code === code) ?? null }))
    .sort((a, b) => (a.figure?.value ?? null) === null ? 1 : (b.figure?.value ?? null) === null ? -1 : (b.figure!.value as number) - (a.figure!.value as number))
  const line = summary?.target ? { value: summary.target.value, label: `Mục tiêu ${comparatorText(summary.target.comparator)} ${num(summary.target.value)}${percent}` } : null
  return (
    <section aria-labelledby={`${id}-h`} className="panel charts">
      <h2 id={`${id}-h`}>Biểu đồ</h2>
      {numeric.length > 0 && (
        <div className="toolbar">
          <div>
            <label htmlFor={`${id}-ct`}>Chỉ tiêu</label>
            <select id={`${id}-ct`} value={code} onChange={(e) => setPicked(e.target.value)}>
              {numeric.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.code} — {i.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {def && ranked.length > 0 && (
        <ChartFigure
          heading={`Xếp hạng đơn vị trực thuộc: ${def.label}`}
          chart={
            <BarChart
              title={`Xếp hạng đơn vị trực thuộc theo ${def.label}`}
              description={`${ranked.map((r) => `${r.unit.name}: ${r.figure?.value === null || !r.figure ? 'chưa có số liệu' : `${num(r.figure.value)}${percent}${r.estimated ? ` (${ESTIMATE_TEXT})` : ''}`}`).join('; ')}. Vạch ngang trên thanh: mục tiêu của đơn vị.`}
              bars={ranked.map((r) => ({ key: r.unit.code, label: r.unit.name, value: r.figure?.value ?? null, ...(r.estimated && r.figure?.value != null ? { text: `${num(r.figure.value)}${percent} (ước tính)` } : {}), mark: r.figure?.target?.value ?? null, tone: r.figure?.target ? (r.figure.status === 'MET' ? 'ok' : r.figure.status === 'NOT_MET' ? 'bad' : 'none') : 'none' }))}
              max={percent ? 100 : undefined}
              target={line}
              unit={percent}
            />
          }
          table={
            <table className="ranking-table">
              <caption>Xếp hạng theo {def.code}</caption>
              <thead>
                <tr>
                  <th scope="col">Hạng</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Số liệu</th>
                  <th scope="col">Mục tiêu</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((r, i) => (
                  <tr key={r.unit.code} data-unit={r.unit.code}>
                    <td className="num">{r.figure?.value === null || !r.figure ? '' : i + 1}</td>
                    <th scope="row">{r.unit.name}</th>
                    <td className="num" data-col="value">
                      {r.figure ? figureText({ ...r.figure, valueType: def.valueType }) : '—'}
                      {r.estimated && r.figure?.value != null && <span className="estimate"> ({ESTIMATE_TEXT})</span>}
                    </td>
                    <td>{r.figure?.target ? `${comparatorText(r.figure.target.comparator)} ${num(r.figure.target.value)}: ${STATUS_WORDS[r.figure.status]}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
      {def && <SeriesChart key={code} target={target} code={code} label={def.label} percent={percent} version={version} />}
      {data.summary.childrenWithTargets > 0 && (
        <ChartFigure
          heading="Đơn vị trực thuộc đạt mục tiêu"
          chart={
            <BarChart
              title="Số đơn vị trực thuộc đạt mọi mục tiêu"
              description={`${data.summary.childrenMeetingTargets} trên ${data.summary.childrenWithTargets} đơn vị có mục tiêu đạt mọi mục tiêu`}
              bars={[
                { key: 'met', label: 'Đạt mọi mục tiêu', value: data.summary.childrenMeetingTargets, tone: 'ok' },
                { key: 'not', label: 'Chưa đạt', value: data.summary.childrenWithTargets - data.summary.childrenMeetingTargets, tone: 'bad' },
              ]}
              max={data.summary.childrenWithTargets}
            />
          }
          table={
            <table>
              <caption>Đạt mục tiêu</caption>
              <tbody>
                <tr>
                  <th scope="row">Có mục tiêu</th>
                  <td className="num" data-figure="childrenWithTargets">{num(data.summary.childrenWithTargets)}</td>
                </tr>
                <tr>
                  <th scope="row">Đạt mọi mục tiêu</th>
                  <td className="num" data-figure="childrenMeetingTargets">{num(data.summary.childrenMeetingTargets)}</td>
                </tr>
              </tbody>
            </table>
          }
        />
      )}
      {choices.length > 0 && (
        <ChartFigure
          heading="Các lựa chọn đã trả lời"
          chart={
            <StackedChart
              title="Số đơn vị theo từng lựa chọn"
              description={choices.map((f) => `${f.code}: ${figureText(f)}`).join('. ')}
              stacks={choices.map((f) => ({ key: f.code, label: `${f.code} ${f.label}`, parts: f.options.map((o) => ({ name: o.option, count: o.count })) }))}
              names={[...new Set(form.sections.flatMap((s) => s.indicators).flatMap((i) => (i.valueType === 'choice' ? i.choices : [])))]}
            />
          }
          table={
            <table>
              <caption>Số đơn vị theo lựa chọn</caption>
              <tbody>
                {choices.map((f) => (
                  <tr key={f.code}>
                    <th scope="row">{f.code}</th>
                    <td>{figureText(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
      {yesNo.length > 0 && (
        <ChartFigure
          heading="Câu hỏi có/không"
          chart={
            <BarChart
              title="Số đơn vị trả lời có, trên số đơn vị trả lời"
              description={yesNo.map((f) => `${f.label}: ${figureText(f)}`).join('. ')}
              bars={yesNo.map((f) => ({ key: f.code, label: `${f.code} ${f.label}`, value: f.value ?? null, text: figureText(f), tone: 'ok' }))}
              max={Math.max(1, ...yesNo.map((f) => f.denominator ?? 0))}
            />
          }
          table={
            <table>
              <caption>Có/không (k trên n)</caption>
              <tbody>
                {yesNo.map((f) => (
                  <tr key={f.code}>
                    <th scope="row">{f.label}</th>
                    <td className="num">{figureText(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </section>
  )
}

/** An indicator over the periods of the year so far, with year to date and the same period last year. */
function SeriesChart({ target, code, label, percent, version }: { target: DashboardTarget; code: string; label: string; percent: string; version: number }) {
  const [points, setPoints] = useState<Point[] | null>(null)
  useEffect(() => {
    let current = true
    gqlRequest(DashboardSeriesQuery, { unit: target.unit, form: target.form, indicator: code, periods: yearPeriods(target.period), view: target.view ?? 'AS_REPORTED' }).then(
      (r) => current && setPoints(r.series.__typename === 'QuerySeriesSuccess' ? r.series.data : []),
      () => current && setPoints([]),
    )
    return () => {
      current = false
    }
  }, [target.unit, target.form, target.period, target.view, code, version])
  const last = points?.[points.length - 1]
  if (!points || !last) return null
  // year to date and the same period last year come through the reorganization lineage (a merged unit's predecessors);
  // apportioned through a split, they are an estimate, and say so in words, in the table and in the chart's text
  const rows = [
    ...points.map((p) => ({ key: p.period.id, label: p.period.label, value: p.value ?? null, estimated: p.estimated })),
    { key: 'ytd', label: 'Lũy kế từ đầu năm', value: last.yearToDate ?? null, estimated: last.comparisonEstimated },
    { key: 'last-year', label: `Cùng kỳ năm trước (${periodLabel(String(Number(target.period.slice(0, 4)) - 1) + target.period.slice(4))})`, value: last.samePeriodLastYear ?? null, estimated: last.comparisonEstimated },
  ]
  const marked = (b: (typeof rows)[number]) => b.estimated && b.value !== null
  const bars = rows.map((b) => ({ key: b.key, label: b.label, value: b.value, ...(marked(b) && b.value !== null ? { text: `${num(b.value)}${percent} (ước tính)` } : {}) }))
  const anyEstimate = rows.some(marked)
  return (
    <ChartFigure
      heading={`${label} qua các kỳ`}
      chart={
        <BarChart
          title={`${label}: kỳ này, lũy kế, cùng kỳ năm trước${anyEstimate ? ` (có số ${ESTIMATE_TEXT})` : ''}`}
          description={rows.map((b) => `${b.label}: ${b.value === null ? 'chưa có số liệu' : num(b.value) + percent}${marked(b) ? ` (${ESTIMATE_TEXT})` : ''}`).join('; ')}
          bars={bars}
          unit={percent}
        />
      }
      table={
        <table className="series-table">
          <caption>{code} qua các kỳ</caption>
          <tbody>
            {rows.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td className="num" data-series={b.key}>
                  {b.value === null ? '—' : `${num(b.value)}${percent}`}
                </td>
                {anyEstimate && <td data-estimate={b.key}>{marked(b) ? ESTIMATE_TEXT : ''}</td>}
              </tr>
            ))}
            {last.change !== null && last.change !== undefined && (
              <tr>
                <th scope="row">So với cùng kỳ</th>
                <td className="num">
                  {num(last.change)} {last.changeUnit === 'points' ? 'điểm %' : '%'}
                </td>
                {anyEstimate && <td data-estimate="change">{last.comparisonEstimated ? ESTIMATE_TEXT : ''}</td>}
              </tr>
            )}
          </tbody>
        </table>
      }
    />
  )
}

import { useEffect, useMemo, useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { DashboardCompletenessQuery, DashboardFormsQuery, DashboardRollupQuery, DashboardUnitQuery } from '../api/dashboard-operations'
import { useLiveChanges } from '../api/live-updates'
import { DashboardCharts } from '../components/dashboard-charts'
import { DashboardBreadcrumbs } from '../components/dashboard-breadcrumbs'
import { DashboardCompleteness, type CompletenessData } from '../components/dashboard-completeness'
import { DashboardContextBar, ViewChoice, type DashboardTarget } from '../components/dashboard-context-bar'
import { DashboardRollupTable, type FormDef, type RollupData } from '../components/dashboard-rollup-table'
import { DashboardTexts } from '../components/dashboard-texts'
import { UnitTree } from '../components/dashboard-unit-tree'
import { LiveStatus } from '../components/live-status'
import { RESTATED_PARAM } from '../dashboard-format'
import type { DashboardUnitQuery as UnitResult } from '../gql/graphql'
import { defaultPeriod, periodOptions } from '../period-options'
import { useSession } from '../session'

type UnitInfo = NonNullable<UnitResult['unit']>

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Tổng hợp (/tong-hop): the dashboard of a unit of the viewer's subtree for a form and a period — who reported, the
 * consolidated figures against the unit's targets, the texts — drilled down a level at a time, and followed live.
 */
export function DashboardPage({ query }: { query: URLSearchParams }) {
  const { me } = useSession()
  const scope = useMemo(() => new Set((me?.grants ?? []).map((g) => g.unitCode)), [me])
  const [forms, setForms] = useState<FormDef[] | null>(null)
  const formCode = query.get('bieu') || 'BC-QT'
  const form = forms?.find((f) => f.code === formCode) ?? null
  const target: DashboardTarget = {
    unit: query.get('don-vi') || me?.grants[0]?.unitCode || '',
    form: formCode,
    period: query.get('ky') || (form ? defaultPeriod(form.periodTypes) : ''),
    view: query.get('xem') === RESTATED_PARAM ? 'RESTATED' : undefined,
  }
  const [unit, setUnit] = useState<UnitInfo | null>(null)
  const key = `${target.unit}|${target.form}|${target.period}|${target.view ?? ''}`
  const [loaded, setLoaded] = useState<{ key: string; rollup: RollupData; completeness: CompletenessData } | null>(null)
  const [error, setError] = useState<string | null>(null)
  // bumped by every change committed under the unit: the figures are read again, without reloading the page
  const [version, setVersion] = useState(0)
  const live = useLiveChanges(target, () => setVersion((v) => v + 1))

  // a drill-down or a step up is a new page for a keyboard or screen-reader user: start again at its heading
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [target.unit])
  useEffect(() => {
    gqlRequest(DashboardFormsQuery).then(
      (r) => setForms(r.forms.edges.map((e) => e.node)),
      (e: unknown) => setError(message(e)),
    )
  }, [])
  useEffect(() => {
    if (!target.unit) return
    // the breadcrumbs and tree of the unit asked for last, whichever answer comes back first
    let current = true
    gqlRequest(DashboardUnitQuery, { code: target.unit }).then(
      (r) => current && setUnit(r.unit ?? null),
      () => current && setUnit(null),
    )
    return () => {
      current = false
    }
  }, [target.unit])
  useEffect(() => {
    if (!target.unit || !target.period) return
    let current = true
    const vars = { unit: target.unit, form: target.form, period: target.period }
    // completeness counts the units that existed in the period, whichever view the figures are in
    Promise.all([gqlRequest(DashboardRollupQuery, { ...vars, view: target.view ?? 'AS_REPORTED' }), gqlRequest(DashboardCompletenessQuery, vars)]).then(
      ([r, c]) => {
        if (!current) return
        if (r.rollup.__typename !== 'QueryRollupSuccess') return setError(r.rollup.message)
        if (c.completeness.__typename !== 'QueryCompletenessSuccess') return setError(c.completeness.message)
        setError(null)
        setLoaded({ key, rollup: r.rollup.data, completeness: c.completeness.data })
      },
      (e: unknown) => current && setError(message(e)),
    )
    return () => {
      current = false
    }
  }, [target.unit, target.form, target.period, target.view, version])

  const years = [Number(target.period.slice(0, 4)) || new Date().getFullYear()]
  years.push(years[0]! - 1)
  const periods = form ? periodOptions(form.periodTypes, [...new Set([new Date().getFullYear(), ...years])]) : []
  const shown = loaded?.key === key ? loaded : null
  if (target.period && !periods.some((p) => p.id === target.period)) periods.unshift({ id: target.period, label: shown?.rollup.period.label ?? target.period })
  // the texts start on the first indicator somebody wrote for
  const written = new Set(shown?.rollup.summary.indicators.filter((f) => f.textCount > 0).map((f) => f.code))
  const textIndicators = form ? form.sections.flatMap((s) => s.indicators).filter((i) => i.valueType === 'text') : []
  const firstWritten = textIndicators.find((i) => written.has(i.code))?.code
  // a past period (ended before today) can be read on its own tree or on today's
  // (from the last figures read for this period, so the choice stays in place, and keeps the focus, while the other view loads)
  const periodRead = loaded && loaded.rollup.period.id === target.period ? loaded.rollup.period : null
  const past = !!periodRead && periodRead.end < new Date().toISOString().slice(0, 10)
  return (
    <section className="dashboard">
      <h1 tabIndex={-1}>
        Tổng hợp{shown ? `: ${shown.rollup.unit.name} — ${form?.code ?? ''}, ${shown.rollup.period.label}` : ''}
      </h1>
      {shown && (
        <p className="print-only meta">
          In lúc {new Date().toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}; số liệu của hệ thống Tổng hợp báo cáo tại thời điểm in.
        </p>
      )}
      {forms && <DashboardContextBar target={target} forms={forms} periods={periods} />}
      {(past || target.view === 'RESTATED') && <ViewChoice target={target} />}
      {unit && <DashboardBreadcrumbs path={[...unit.ancestors, unit]} scope={scope} target={target} />}
      <div className="dashboard-actions">
        <LiveStatus connected={live.connected} />
        {shown && (
          <button type="button" className="secondary no-print" onClick={() => window.print()}>
            In (khổ A4)
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!error && !shown && <p role="status">Đang tải số liệu…</p>}
      {!error && shown && form && (
        <>
          <DashboardCompleteness data={shown.completeness} target={target} />
          <DashboardRollupTable form={form} data={shown.rollup} />
          <DashboardCharts key={key} form={form} data={shown.rollup} target={target} version={version} />
          <DashboardTexts key={key} target={target} indicators={textIndicators} initial={firstWritten} version={version} />
        </>
      )}
      {!error && unit && <UnitTree key={target.unit} units={unit.children.edges.map((e) => e.node)} target={target} />}
    </section>
  )
}

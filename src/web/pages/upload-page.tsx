import { useEffect, useRef, useState, type DragEvent } from 'react'
import { gqlRequest, gqlUpload } from '../api/graphql-client'
import { FormIndicatorsQuery, SubmitReturnMutation, UploadReturnMutation, WorkListQuery } from '../api/work-operations'
import { UploadResult, type Indicator, type UploadData } from '../components/upload-result'
import type { WorkListQuery as WorkListResult } from '../gql/graphql'

type WorkItem = WorkListResult['workList'][number]
interface Target {
  unit: string
  form: string
  period: string
}
interface Entry {
  id: number
  file: File
  target: Target
  state: 'waiting' | 'reading' | 'read' | 'saving' | 'saved' | 'failed'
  result: UploadData | null
  error: string | null
  submitted: string | null
}

const PLACEMENT = /^IMPORT_(NO_UNIT|UNKNOWN_UNIT|UNKNOWN_FORM|NO_PERIOD|PERIOD_INVALID|FORM_MISMATCH|UNIT_MISMATCH|PERIOD_MISMATCH|UNIT_NOT_ASSIGNED|PERIOD_NOT_ASSIGNED|NO_TABLE)$/
const indicatorCache = new Map<string, Promise<{ title: string; indicators: Indicator[] }>>()

function formIndicators(code: string) {
  let p = indicatorCache.get(code)
  if (!p) {
    p = gqlRequest(FormIndicatorsQuery, { code }).then((r) => ({ title: r.form?.title ?? code, indicators: r.form?.indicators ?? [] }))
    indicatorCache.set(code, p)
  }
  return p
}

async function send(file: File, target: Target, dryRun: boolean): Promise<UploadData> {
  const r = await gqlUpload(UploadReturnMutation, { dryRun, unit: target.unit || null, form: target.form || null, period: target.period || null }, file)
  const result = r.uploadReturn
  if (result.__typename === 'MutationUploadReturnSuccess') return result.data
  throw new Error('message' in result ? result.message : 'Không tải lên được')
}

export function UploadPage({ query }: { query: URLSearchParams }) {
  const initial: Target = { unit: query.get('don-vi') ?? '', form: query.get('bieu') ?? '', period: query.get('ky') ?? '' }
  const [entries, setEntries] = useState<Entry[]>([])
  const [work, setWork] = useState<WorkItem[]>([])
  const [forms, setForms] = useState<Record<string, { title: string; indicators: Indicator[] }>>({})
  const [over, setOver] = useState(false)
  const nextId = useRef(1)
  const queue = useRef<Promise<void>>(Promise.resolve())
  useEffect(() => void gqlRequest(WorkListQuery).then((r) => setWork(r.workList), () => setWork([])), [])

  const update = (id: number, patch: Partial<Entry>) => setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...patch } : e)))
  // The form's labels arrive with the result, so findings and values never show without them.
  const loadForm = async (code: string | null | undefined) => {
    if (!code) return
    const f = await formIndicators(code).catch(() => null)
    if (f) setForms((all) => (all[code] ? all : { ...all, [code]: f }))
  }
  // Files are read one after another: many files never crowd the server, and each shows as soon as it is read.
  const read = (entry: Entry) => {
    queue.current = queue.current.then(async () => {
      update(entry.id, { state: 'reading', error: null })
      try {
        const result = await send(entry.file, entry.target, true)
        await loadForm(result.formCode)
        update(entry.id, { state: 'read', result })
      } catch (err) {
        update(entry.id, { state: 'failed', error: err instanceof Error ? err.message : String(err) })
      }
    })
  }
  const add = (files: FileList | File[]) => {
    const added = [...files].map((file) => ({ id: nextId.current++, file, target: initial, state: 'waiting' as const, result: null, error: null, submitted: null }))
    setEntries((all) => [...all, ...added])
    added.forEach(read)
  }
  const save = async (entry: Entry) => {
    update(entry.id, { state: 'saving' })
    try {
      const result = await send(entry.file, entry.target, false)
      update(entry.id, { state: result.outcome === 'committed' || result.outcome === 'duplicate' ? 'saved' : 'read', result })
    } catch (err) {
      update(entry.id, { state: 'failed', error: err instanceof Error ? err.message : String(err) })
    }
  }
  const submit = async (entry: Entry) => {
    const ids = (entry.result?.returns ?? []).flatMap((r) => (r.returnId ? [r.returnId] : []))
    const notes: string[] = []
    for (const id of ids) {
      const r = (await gqlRequest(SubmitReturnMutation, { id })).submitReturn
      notes.push(r.__typename === 'MutationSubmitReturnSuccess' ? `Đã nộp báo cáo${r.data.lateDays ? ` (muộn ${r.data.lateDays} ngày)` : ''}.` : 'message' in r ? r.message : 'Không nộp được')
    }
    update(entry.id, { submitted: notes.join(' ') })
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setOver(false)
    if (e.dataTransfer.files.length) add(e.dataTransfer.files)
  }
  const done = entries.filter((e) => e.state !== 'waiting' && e.state !== 'reading').length
  const units = [...new Map(work.map((w) => [w.unitCode, w.unitName])).entries()]
  const formCodes = [...new Map(work.map((w) => [w.formCode, w.formTitle])).entries()]
  const periods = [...new Map(work.map((w) => [w.periodId, w.periodLabel])).entries()]

  return (
    <section>
      <h1 tabIndex={-1}>Tải lên báo cáo</h1>
      {initial.unit && (
        <p className="meta">
          Cho: {work.find((w) => w.unitCode === initial.unit)?.unitName ?? initial.unit} · {initial.form} · {work.find((w) => w.periodId === initial.period)?.periodLabel ?? initial.period}
        </p>
      )}
      <div className={`dropzone${over ? ' over' : ''}`} onDragOver={(e) => (e.preventDefault(), setOver(true))} onDragLeave={() => setOver(false)} onDrop={onDrop}>
        <p>Kéo và thả một hoặc nhiều tệp Excel (.xlsx) vào đây, hoặc</p>
        <label htmlFor="chon-tep" className="button">
          Chọn tệp…
        </label>
        <input id="chon-tep" className="visually-hidden" type="file" multiple accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => (e.currentTarget.files && add(e.currentTarget.files), (e.currentTarget.value = ''))} />
        <p className="meta">Mỗi tệp được đọc thử trước (chưa lưu gì): kiểm tra số liệu và lỗi, rồi bấm “Lưu”.</p>
      </div>
      {entries.length > 1 && (
        <p role="status">
          Đã đọc {done}/{entries.length} tệp <progress value={done} max={entries.length} aria-label="Tiến độ đọc tệp" />
        </p>
      )}
      {entries.map((entry) => {
        const r = entry.result
        const errors = r?.findings.filter((f) => f.severity === 'error').length ?? 0
        const needsPlace = r?.outcome === 'refused' && r.findings.some((f) => PLACEMENT.test(f.code))
        const headingId = `tep-${entry.id}`
        const form = r?.formCode ? forms[r.formCode] : undefined
        return (
          <article key={entry.id} className="card" aria-labelledby={headingId}>
            <h2 id={headingId}>{entry.file.name}</h2>
            {entry.state === 'reading' && <p role="status">Đang đọc…</p>}
            {entry.state === 'saving' && <p role="status">Đang lưu…</p>}
            {entry.error && <p className="error" role="alert">{entry.error}</p>}
            {r && (
              <p className={r.outcome === 'refused' ? 'error' : r.outcome === 'dry_run' ? 'meta' : 'success'} role={r.outcome === 'refused' ? 'alert' : 'status'}>
                {r.outcome === 'dry_run' ? (errors ? r.message : 'Đọc thử xong: chưa lưu. Kiểm tra số liệu dưới đây rồi bấm “Lưu”.') : r.message}
              </p>
            )}
            {needsPlace && (
              <fieldset className="toolbar">
                <legend>Tệp không tự xác định được nơi nộp: chọn đơn vị, biểu mẫu, kỳ rồi đọc lại</legend>
                <Choice label="Đơn vị" id={`${headingId}-dv`} value={entry.target.unit} options={units} onChange={(unit) => update(entry.id, { target: { ...entry.target, unit } })} />
                <Choice label="Biểu mẫu" id={`${headingId}-bm`} value={entry.target.form} options={formCodes} onChange={(f) => update(entry.id, { target: { ...entry.target, form: f } })} />
                <Choice label="Kỳ báo cáo" id={`${headingId}-ky`} value={entry.target.period} options={periods} onChange={(period) => update(entry.id, { target: { ...entry.target, period } })} />
                <button type="button" onClick={() => read(entry)}>
                  Đọc lại
                </button>
              </fieldset>
            )}
            {r && <UploadResult data={r} indicators={form?.indicators ?? []} formTitle={form?.title ?? null} headingId={headingId} />}
            <div className="actions">
              {r?.outcome === 'dry_run' && errors === 0 && entry.state === 'read' && (
                <button type="button" onClick={() => void save(entry)}>
                  Lưu
                </button>
              )}
              {entry.state === 'saved' && !entry.submitted && r?.returns.some((x) => x.returnId && (x.status === 'draft' || x.status === 'returned')) && (
                <button type="button" onClick={() => void submit(entry)}>
                  Nộp báo cáo
                </button>
              )}
            </div>
            {entry.submitted && (
              <p className="success" role="status">
                {entry.submitted}
              </p>
            )}
          </article>
        )
      })}
    </section>
  )
}

function Choice({ label, id, value, options, onChange }: { label: string; id: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">(theo tệp)</option>
        {options.map(([code, name]) => (
          <option key={code} value={code}>
            {name} ({code})
          </option>
        ))}
      </select>
    </div>
  )
}

import { useEffect, useState, type FormEvent } from 'react'
import { DownloadFormsQuery, ParsePeriodLabelQuery, RequestExportMutation, UpdateProfileMutation } from '../api/download-operations'
import { gqlRequest } from '../api/graphql-client'
import { RequestTemplateMutation } from '../api/work-operations'
import { hasRole, useSession, type Me } from '../session'
import { startDownload } from './home-page'

type Message = { ok: boolean; text: string }

const PERIOD_ID = /^\d{4}(M\d{2}|Q[1-4]|S[12]|N9)?$|^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}$/

/** Today in Vietnam (YYYY-MM-DD), the default date of the report. */
function todayInVietnam(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' })
}

function unitsWith(me: Me | null, roles: string[]): [string, string][] {
  return [...new Map((me?.grants ?? []).filter((g) => roles.includes(g.role)).map((g) => [g.unitCode, g.unitName])).entries()]
}

/** A period typed as its id ("2026Q1") or its Vietnamese label ("Quý I/2026"), as the API's id. */
async function periodIdOf(typed: string): Promise<{ id: string } | { error: string }> {
  const text = typed.trim()
  if (PERIOD_ID.test(text)) return { id: text }
  const r = (await gqlRequest(ParsePeriodLabelQuery, { label: text })).parsePeriodLabel
  return r.__typename === 'QueryParsePeriodLabelSuccess' ? { id: r.data.id } : { error: 'message' in r ? r.message : `Không hiểu kỳ "${text}"` }
}

/**
 * The clerk's downloads: the consolidated workbook of a unit (exporters only; the API decides again) signed with the
 * title, name and date prefilled from the account, and the fillable templates in both layouts.
 */
export function DownloadsPage({ query }: { query: URLSearchParams }) {
  const { me, refresh } = useSession()
  const [forms, setForms] = useState<{ code: string; title: string }[]>([])
  const [message, setMessage] = useState<Message | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    gqlRequest(DownloadFormsQuery).then(
      (r) => setForms(r.forms.edges.map((e) => e.node)),
      (err: unknown) => setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) }),
    )
  }, [])
  const exportUnits = unitsWith(me, ['exporter'])
  const templateUnits = unitsWith(me, ['submitter', 'exporter'])
  const asked = { unit: query.get('don-vi'), form: query.get('bieu') ?? 'BC-QT', period: query.get('ky') ?? '' }

  const run = async (work: () => Promise<Message>) => {
    setBusy(true)
    setMessage(null)
    try {
      setMessage(await work())
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    } finally {
      setBusy(false)
    }
  }

  const onExport = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const signerTitle = String(f.get('signerTitle') ?? '').trim()
    const signerName = String(f.get('signerName') ?? '').trim()
    void run(async () => {
      const period = await periodIdOf(String(f.get('period') ?? ''))
      if ('error' in period) return { ok: false, text: period.error }
      if (f.get('remember') === 'on') {
        const saved = (await gqlRequest(UpdateProfileMutation, { displayName: signerName || null, signerTitle })).updateProfile
        if (saved.__typename !== 'MutationUpdateProfileSuccess') return { ok: false, text: 'message' in saved ? saved.message : 'Không lưu được chức danh' }
        await refresh()
      }
      const vars = { form: String(f.get('form')), unit: String(f.get('unit')), period: period.id, signerTitle: signerTitle || null, signerName: signerName || null, date: String(f.get('date') ?? '') || null }
      const r = (await gqlRequest(RequestExportMutation, vars)).requestExport
      if (r.__typename !== 'MutationRequestExportSuccess') return { ok: false, text: 'message' in r ? r.message : 'Không tạo được báo cáo tổng hợp' }
      startDownload(r.data.url)
      return { ok: true, text: `Đang tải ${r.data.fileName}` }
    })
  }

  const onTemplate = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    void run(async () => {
      const period = await periodIdOf(String(f.get('period') ?? ''))
      if ('error' in period) return { ok: false, text: period.error }
      const layout = f.get('layout') === 'TABLE' ? 'TABLE' : 'FORM'
      const r = (await gqlRequest(RequestTemplateMutation, { form: String(f.get('form')), unit: String(f.get('unit')), period: period.id, layout })).requestTemplate
      if (r.__typename !== 'MutationRequestTemplateSuccess') return { ok: false, text: 'message' in r ? r.message : 'Không tải được mẫu biểu' }
      startDownload(r.data.url)
      return { ok: true, text: `Đang tải ${r.data.fileName}` }
    })
  }

  const formSelect = (id: string) => (
    <div>
      <label htmlFor={id}>Biểu mẫu</label>
      <select id={id} name="form" defaultValue={asked.form} key={forms.length}>
        {forms.map((f) => (
          <option key={f.code} value={f.code}>
            {f.code} - {f.title}
          </option>
        ))}
      </select>
    </div>
  )
  const periodInput = (id: string) => (
    <div>
      <label htmlFor={id}>Kỳ báo cáo</label>
      <input id={id} name="period" defaultValue={asked.period} size={16} required aria-describedby={`${id}-goi-y`} />
      <small id={`${id}-goi-y`} className="hint">
        ví dụ: Quý I/2026, 6 tháng đầu năm 2026 hoặc 2026Q1
      </small>
    </div>
  )
  const unitSelect = (id: string, units: [string, string][]) => (
    <div>
      <label htmlFor={id}>Đơn vị</label>
      <select id={id} name="unit" defaultValue={asked.unit ?? units[0]?.[0]}>
        {units.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  )

  return (
    <section>
      <h1 tabIndex={-1}>Tải về</h1>
      <div aria-live="polite">
        {message && (
          <p className={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
      {hasRole(me, 'exporter') && (
        <form className="card" onSubmit={onExport} aria-labelledby="tv-tong-hop">
          <h2 id="tv-tong-hop">Báo cáo tổng hợp (Excel, theo thể thức văn bản)</h2>
          <div className="toolbar">
            {unitSelect('tv-don-vi', exportUnits)}
            {formSelect('tv-bieu')}
            {periodInput('tv-ky')}
          </div>
          <fieldset>
            <legend>Người ký và ngày báo cáo (điền sẵn từ tài khoản của bạn)</legend>
            <div className="toolbar">
              <div>
                <label htmlFor="tv-chuc-danh">Chức danh (mỗi dòng một dòng in)</label>
                <textarea id="tv-chuc-danh" name="signerTitle" rows={2} cols={32} defaultValue={me?.signerTitle ?? ''} placeholder="T/M BAN THƯỜNG VỤ" />
              </div>
              <div>
                <label htmlFor="tv-nguoi-ky">Họ và tên người ký</label>
                <input id="tv-nguoi-ky" name="signerName" defaultValue={me?.displayName ?? ''} size={28} />
              </div>
              <div>
                <label htmlFor="tv-ngay">Ngày</label>
                <input id="tv-ngay" name="date" type="date" defaultValue={todayInVietnam()} required />
              </div>
            </div>
            <label className="check" htmlFor="tv-luu">
              <input id="tv-luu" type="checkbox" name="remember" /> Lưu chức danh và họ tên này vào tài khoản của tôi
            </label>
          </fieldset>
          <button type="submit" disabled={busy}>
            Tải báo cáo tổng hợp
          </button>
        </form>
      )}
      <form className="card" onSubmit={onTemplate} aria-labelledby="tv-mau-bieu">
        <h2 id="tv-mau-bieu">Mẫu biểu để nhập số liệu</h2>
        {templateUnits.length === 0 ? (
          <p>Tài khoản của bạn không có quyền nhập liệu hay xuất báo cáo nên không tải được mẫu biểu.</p>
        ) : (
          <>
            <div className="toolbar">
              {unitSelect('mb-don-vi', templateUnits)}
              {formSelect('mb-bieu')}
              {periodInput('mb-ky')}
            </div>
            <fieldset>
              <legend>Cách trình bày</legend>
              <label className="check" htmlFor="mb-theo-bieu">
                <input id="mb-theo-bieu" type="radio" name="layout" value="FORM" defaultChecked /> Theo biểu (một đơn vị, mỗi dòng một chỉ tiêu)
              </label>
              <label className="check" htmlFor="mb-theo-don-vi">
                <input id="mb-theo-don-vi" type="radio" name="layout" value="TABLE" /> Theo đơn vị trực thuộc (mỗi dòng một đơn vị, mỗi cột một chỉ tiêu)
              </label>
            </fieldset>
            <button type="submit" disabled={busy}>
              Tải mẫu biểu
            </button>
          </>
        )}
      </form>
    </section>
  )
}

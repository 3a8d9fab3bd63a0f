import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { ApproveReturnMutation, ReviewListQuery } from '../api/review-operations'
import { Link } from '../components/link'
import { dateTime, statusName } from '../format'
import type { ReviewListQuery as ReviewListResult } from '../gql/graphql'

type Row = ReviewListResult['returns']['edges'][number]['node']

export function ReviewPage() {
  const [filter, setFilter] = useState({ form: '', period: '', status: 'submitted' })
  const [rows, setRows] = useState<Row[] | null>(null)
  const [forms, setForms] = useState<{ code: string; title: string }[]>([])
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  // only the latest read is drawn: a filter changed twice must not end on the rows of the first answer to arrive
  const reads = useRef(0)
  const load = useCallback(async (f: typeof filter) => {
    const read = ++reads.current
    try {
      const r = await gqlRequest(ReviewListQuery, { form: f.form || null, period: f.period.trim() || null, status: f.status ? [f.status] : null })
      if (read !== reads.current) return
      setRows(r.returns.edges.map((e) => e.node))
      setForms(r.forms.edges.map((e) => e.node))
      setSelected(new Set())
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    }
  }, [])
  useEffect(() => void load(filter), [load])
  const onFilter = (e: FormEvent) => {
    e.preventDefault()
    setMessage(null)
    void load(filter)
  }
  const approveSelected = async () => {
    const ids = [...selected]
    const failures: string[] = []
    for (const id of ids) {
      const r = (await gqlRequest(ApproveReturnMutation, { id })).approveReturn
      if (r.__typename !== 'MutationApproveReturnSuccess') failures.push(`#${id}: ${'message' in r ? r.message : 'không duyệt được'}`)
    }
    // The list shows the new state before it says "done", so a reader never sees "approved" beside a row still offered.
    await load(filter)
    setMessage(failures.length ? { ok: false, text: `Đã duyệt ${ids.length - failures.length}/${ids.length}. ${failures.join(' ')}` } : { ok: true, text: `Đã duyệt ${ids.length} báo cáo.` })
  }
  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])))
  // Only the returns the API says this user may approve now: a reviewer of a ward who is also a viewer of the city sees
  // the city's returns, and is offered none of them.
  const approvable = (rows ?? []).filter((r) => r.viewerCan.approve)
  return (
    <section>
      <h1 tabIndex={-1}>Duyệt báo cáo</h1>
      <form className="toolbar" onSubmit={onFilter} aria-label="Lọc báo cáo">
        <div>
          <label htmlFor="loc-bieu">Biểu mẫu</label>
          <select id="loc-bieu" value={filter.form} onChange={(e) => setFilter({ ...filter, form: e.currentTarget.value })}>
            <option value="">Tất cả</option>
            {forms.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} — {f.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="loc-ky">Kỳ (mã, ví dụ 2026S1)</label>
          <input id="loc-ky" value={filter.period} onChange={(e) => setFilter({ ...filter, period: e.currentTarget.value })} size={12} />
        </div>
        <div>
          <label htmlFor="loc-tinh-trang">Tình trạng</label>
          <select id="loc-tinh-trang" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value })}>
            <option value="">Tất cả</option>
            {['submitted', 'returned', 'approved', 'draft'].map((s) => (
              <option key={s} value={s}>
                {statusName(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Lọc</button>
      </form>
      <div aria-live="polite">
        {message && (
          <p className={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
      {rows === null ? (
        <p role="status">Đang tải…</p>
      ) : rows.length === 0 ? (
        <p>Không có báo cáo nào khớp bộ lọc.</p>
      ) : (
        <>
          <p className="actions">
            <button type="button" disabled={selected.size === 0} onClick={() => void approveSelected()}>
              Duyệt {selected.size || ''} báo cáo đã chọn
            </button>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Chọn tất cả báo cáo bạn duyệt được"
                    checked={approvable.length > 0 && approvable.every((r) => selected.has(r.id))}
                    onChange={(e) => setSelected(e.currentTarget.checked ? new Set(approvable.map((r) => r.id)) : new Set())}
                  />
                </th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Biểu mẫu</th>
                <th scope="col">Kỳ</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Nộp lúc</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.viewerCan.approve && <input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={`Chọn ${r.unit?.name ?? ''} ${r.formCode} ${r.period.label}`} />}</td>
                  <td>{r.unit?.name}</td>
                  <td>{r.formCode}</td>
                  <td>{r.period.label}</td>
                  <td>
                    <span className={`status status-${r.status}`}>{statusName(r.status)}</span>
                    {r.status === 'returned' && r.returnedReason && <p className="reason">Lý do: {r.returnedReason}</p>}
                  </td>
                  <td>
                    {r.submittedAt ? dateTime(r.submittedAt) : '—'}
                    {r.lateDays ? <span className="overdue"> (muộn {r.lateDays} ngày)</span> : null}
                  </td>
                  <td>
                    <Link href={`/bao-cao/${r.id}`} aria-label={`${r.viewerCan.approve ? 'Xem và duyệt' : 'Xem'} ${r.unit?.name ?? ''} ${r.formCode} ${r.period.label}`}>
                      {r.viewerCan.approve ? 'Xem và duyệt' : 'Xem'}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

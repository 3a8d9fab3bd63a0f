import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { ApproveReturnMutation, ReopenReturnMutation, RequestOriginalFileMutation, ReturnDetailQuery, SendBackReturnMutation, ValueHistoryQuery } from '../api/review-operations'
import { FormIndicatorsQuery, SubmitReturnMutation } from '../api/work-operations'
import { Link } from '../components/link'
import { DiscrepancyCells, loadDiscrepancies, type Discrepancies } from '../components/return-discrepancy'
import { dateTime, num, statusName } from '../format'
import type { FormIndicatorsQuery as FormResult, ReturnDetailQuery as DetailResult, ValueHistoryQuery as HistoryResult } from '../gql/graphql'
import { startDownload, uploadPath } from './home-page'

type Detail = NonNullable<DetailResult['return']>
type Indicator = NonNullable<FormResult['form']>['indicators'][number]

export function ReturnPage({ id }: { id: number }) {
  const [discrepancies, setDiscrepancies] = useState<Discrepancies>(new Map())
  const [ret, setRet] = useState<Detail | null | undefined>(undefined)
  const [indicators, setIndicators] = useState<Indicator[]>([])
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [history, setHistory] = useState<{ code: string; rows: HistoryResult['valueHistory'] } | null>(null)
  const load = useCallback(async () => {
    const r = (await gqlRequest(ReturnDetailQuery, { id })).return ?? null
    if (!r) return setRet(null)
    const inds = (await gqlRequest(FormIndicatorsQuery, { code: r.formCode })).form?.indicators ?? []
    const found = await loadDiscrepancies(r, inds)
    // the return, its labels and its discrepancy show together: a button or a figure never shows before what it implies
    setIndicators(inds)
    setDiscrepancies(found)
    setRet(r)
  }, [id])
  useEffect(() => void load().catch((err: unknown) => setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })), [load])

  if (ret === undefined) return <p role="status">Đang tải…</p>
  if (ret === null)
    return (
      <section>
        <h1 tabIndex={-1}>Không tìm thấy báo cáo</h1>
        <p>Báo cáo không có hoặc nằm ngoài phạm vi của bạn.</p>
      </section>
    )

  const act = async (run: () => Promise<{ __typename: string; message?: string }>, done: string) => {
    setMessage(null)
    const r = await run()
    if (r.__typename.endsWith('Success')) {
      // The page shows the new state before it says "done", so the buttons a reader sees match the message.
      await load()
      setMessage({ ok: true, text: done })
    } else setMessage({ ok: false, text: r.message ?? 'Không thực hiện được' })
  }
  const sendBack = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim()
    if (!reason) return setMessage({ ok: false, text: 'Cần ghi lý do trả lại' })
    void act(async () => (await gqlRequest(SendBackReturnMutation, { id: ret.id, reason })).sendBackReturn, 'Đã trả lại báo cáo cho đơn vị.')
  }
  const showHistory = async (code: string) => {
    const rows = (await gqlRequest(ValueHistoryQuery, { unit: ret.unit?.code ?? '', form: ret.formCode, period: ret.period.id, indicator: code, scope: ret.scope === 'consolidated' ? 'consolidated' : 'own' })).valueHistory
    setHistory({ code, rows })
  }
  const original = async (revision: number) => {
    const r = (await gqlRequest(RequestOriginalFileMutation, { return: ret.id, revision })).requestOriginalFile
    if (r.__typename === 'MutationRequestOriginalFileSuccess') startDownload(r.data.url)
    else setMessage({ ok: false, text: 'message' in r ? r.message : 'Không tải được tệp gốc' })
  }
  const label = new Map(indicators.map((i) => [i.code, i]))
  const revisions = [...ret.revisions].sort((a, b) => b.number - a.number)
  const previous = revisions.find((r) => r.number === ret.currentRevision - 1)
  const prevValue = new Map(previous?.values.map((v) => [v.indicator, v.text ?? num(v.number)]) ?? [])
  // the cell each current value came from is kept with its revision
  const currentPlace = new Map(revisions.find((r) => r.number === ret.currentRevision)?.values.map((v) => [v.indicator, v.place]) ?? [])
  // the buttons are what the API says this user may do now; the mutations still decide
  const can = ret.viewerCan
  const showDiscrepancy = discrepancies.size > 0
  const title = `${ret.formCode} — ${ret.period.label} — ${ret.unit?.name ?? ''}`
  return (
    <section>
      <h1 tabIndex={-1}>{title}</h1>
      <p>
        <span className={`status status-${ret.status}`}>{statusName(ret.status)}</span> · lần cập nhật {ret.currentRevision}
        {ret.scope === 'consolidated' && ' · báo cáo tổng hợp (gồm các đơn vị trực thuộc)'}
        {ret.submittedAt && ` · nộp lúc ${dateTime(ret.submittedAt)}`}
        {ret.lateDays ? ` (muộn ${ret.lateDays} ngày)` : ''}
        {ret.approvedAt && ` · duyệt lúc ${dateTime(ret.approvedAt)}${ret.approvedBy ? ` (${ret.approvedBy})` : ''}`}
        {ret.document && ` · văn bản ${ret.document.symbol}`}
      </p>
      {ret.status === 'returned' && ret.returnedReason && <p className="notice">Lý do trả lại: {ret.returnedReason}</p>}
      <div aria-live="polite">
        {message && (
          <p className={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
      <div className="actions">
        {can.upload && (
          <Link className="button secondary" href={uploadPath({ unitCode: ret.unit?.code ?? '', formCode: ret.formCode, periodId: ret.period.id })}>
            Tải lên bản sửa
          </Link>
        )}
        {can.submit && (
          <button type="button" onClick={() => void act(async () => (await gqlRequest(SubmitReturnMutation, { id: ret.id })).submitReturn, 'Đã nộp báo cáo.')}>
            Nộp báo cáo
          </button>
        )}
        {can.approve && (
          <button type="button" onClick={() => void act(async () => (await gqlRequest(ApproveReturnMutation, { id: ret.id })).approveReturn, 'Đã duyệt báo cáo.')}>
            Duyệt
          </button>
        )}
        {can.reopen && (
          <button type="button" className="secondary" onClick={() => void act(async () => (await gqlRequest(ReopenReturnMutation, { id: ret.id })).reopenReturn, 'Đã mở lại báo cáo.')}>
            Mở lại
          </button>
        )}
      </div>
      {can.sendBack && (
        <form onSubmit={sendBack} className="card">
          <label htmlFor="ly-do">Lý do trả lại (bắt buộc)</label>
          <textarea id="ly-do" name="reason" rows={2} cols={60} required />
          <div>
            <button type="submit" className="secondary">
              Trả lại
            </button>
          </div>
        </form>
      )}
      <h2>Số liệu</h2>
      {showDiscrepancy && (
        <p className="notice">
          Báo cáo tổng hợp khác số liệu riêng của đơn vị cộng các đơn vị trực thuộc ở các chỉ tiêu ghi ở cột «Chênh lệch».
          {ret.status === 'draft' && ' Báo cáo chưa nộp: số liệu riêng và trực thuộc là của các báo cáo đã nộp; hãy kiểm tra trước khi nộp.'}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Mã</th>
            <th scope="col">Chỉ tiêu</th>
            <th scope="col">Giá trị</th>
            <th scope="col">{previous ? `Lần ${previous.number}` : 'Lần trước'}</th>
            {showDiscrepancy && <th scope="col">Riêng + trực thuộc</th>}
            {showDiscrepancy && <th scope="col">Chênh lệch</th>}
            <th scope="col">Ô</th>
            <th scope="col">Lịch sử</th>
          </tr>
        </thead>
        <tbody>
          {ret.values.map((v) => {
            const now = v.text ?? num(v.number)
            const before = prevValue.get(v.indicator)
            return (
              <tr key={v.indicator}>
                <td>{v.indicator}</td>
                <td>{label.get(v.indicator)?.label}</td>
                <td className="num">{now}</td>
                <td className={`num${previous && before !== now ? ' changed' : ''}`}>{previous ? (before ?? '—') : ''}</td>
                {showDiscrepancy && <DiscrepancyCells d={discrepancies.get(v.indicator)} />}
                <td>{v.place ?? currentPlace.get(v.indicator)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => void showHistory(v.indicator)} aria-label={`Lịch sử ${v.indicator}`}>
                    Lịch sử
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {history && (
        <div className="card" role="region" aria-label={`Lịch sử chỉ tiêu ${history.code}`}>
          <h2>
            Lịch sử {history.code} {label.get(history.code)?.label ? `— ${label.get(history.code)?.label}` : ''}
          </h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Lần</th>
                <th scope="col">Giá trị</th>
                <th scope="col">Người tải lên</th>
                <th scope="col">Lúc</th>
                <th scope="col">Tệp và ô</th>
              </tr>
            </thead>
            <tbody>
              {history.rows.map((h) => (
                <tr key={h.revision}>
                  <td>{h.revision}</td>
                  <td className="num">{h.text ?? num(h.number)}</td>
                  <td>{h.by ?? '—'}</td>
                  <td>{dateTime(h.at)}</td>
                  <td>
                    {h.fileName ?? '—'} {h.place ? `· ${h.place}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Các lần cập nhật</h2>
      <ol reversed>
        {revisions.map((r) => (
          <li key={r.number}>
            Lần {r.number}: {dateTime(r.createdAt)}, {r.createdBy ?? '—'}, tệp {r.fileName ?? '—'}{' '}
            {r.fileName && (
              <button type="button" className="secondary" onClick={() => void original(r.number)} aria-label={`Tải tệp gốc lần ${r.number}`}>
                Tải tệp gốc
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

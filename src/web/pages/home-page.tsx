import { useCallback, useEffect, useRef, useState } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { RequestTemplateMutation, SubmitReturnMutation, WorkListQuery } from '../api/work-operations'
import { Link } from '../components/link'
import { countdown, dmy, statusName } from '../format'
import type { WorkListQuery as WorkListResult } from '../gql/graphql'

type Item = WorkListResult['workList'][number]

/** Starts the browser's own download of a link the API made (the session cookie authenticates the GET). */
export function startDownload(url: string): void {
  // The link may name the server's configured public address; the page always downloads from where it was served.
  const link = new URL(url, location.href)
  const a = document.createElement('a')
  a.href = link.pathname + link.search
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
}

export function uploadPath(item: { unitCode: string; formCode: string; periodId: string }): string {
  return `/tai-len?don-vi=${encodeURIComponent(item.unitCode)}&bieu=${encodeURIComponent(item.formCode)}&ky=${encodeURIComponent(item.periodId)}`
}

export function HomePage() {
  const [items, setItems] = useState<Item[] | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  // only the latest read is drawn: an earlier submit's re-read answering late must not offer a later one's return again
  const reads = useRef(0)
  const load = useCallback(async () => {
    const read = ++reads.current
    try {
      const r = await gqlRequest(WorkListQuery)
      if (read !== reads.current) return
      setItems(r.workList)
    } catch (err) {
      if (read !== reads.current) return
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    }
  }, [])
  useEffect(() => void load(), [load])

  const template = async (item: Item, layout: 'FORM' | 'TABLE') => {
    setMessage(null)
    const r = await gqlRequest(RequestTemplateMutation, { form: item.formCode, unit: item.unitCode, period: item.periodId, layout })
    const result = r.requestTemplate
    if (result.__typename === 'MutationRequestTemplateSuccess') {
      startDownload(result.data.url)
      setMessage({ ok: true, text: `Đang tải ${result.data.fileName}` })
    } else setMessage({ ok: false, text: 'message' in result ? result.message : 'Không tải được mẫu biểu' })
  }
  const submit = async (item: Item) => {
    if (!item.return) return
    setMessage(null)
    const r = await gqlRequest(SubmitReturnMutation, { id: item.return.id })
    const result = r.submitReturn
    if (result.__typename === 'MutationSubmitReturnSuccess') {
      const late = result.data.lateDays ? ` (muộn ${result.data.lateDays} ngày)` : ''
      // The list shows the new state before it says "done", so the row a reader sees matches the message.
      await load()
      setMessage({ ok: true, text: `Đã nộp báo cáo ${item.formCode} ${item.periodLabel} của ${item.unitName}${late}` })
    } else setMessage({ ok: false, text: 'message' in result ? result.message : 'Không nộp được báo cáo' })
  }

  return (
    <section>
      <h1 tabIndex={-1}>Việc cần làm</h1>
      <div aria-live="polite">
        {message && (
          <p className={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
      {items === null ? (
        <p role="status">Đang tải danh sách…</p>
      ) : items.length === 0 ? (
        <p>Không có báo cáo nào đến hạn cho các đơn vị bạn nhập liệu.</p>
      ) : (
        <table className="work-list">
          <caption className="meta">Các báo cáo đến hạn, quá hạn hoặc vừa hết hạn, hạn gần nhất trước</caption>
          <thead>
            <tr>
              <th scope="col">Đơn vị</th>
              <th scope="col">Biểu mẫu</th>
              <th scope="col">Kỳ báo cáo</th>
              <th scope="col">Văn bản</th>
              <th scope="col">Hạn nộp</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const status = item.return?.status ?? item.status
              const open = status === 'missing' || status === 'draft' || status === 'returned'
              return (
                <tr key={`${item.unitCode}|${item.formCode}|${item.periodId}`} data-row={`${item.unitCode} ${item.formCode} ${item.periodId}`}>
                  <td>{item.unitName}</td>
                  <td>
                    <abbr title={item.formTitle}>{item.formCode}</abbr>
                  </td>
                  <td>{item.periodLabel}</td>
                  <td>{item.document ? <abbr title={item.document.title}>{item.document.symbol}</abbr> : '—'}</td>
                  <td>
                    {dmy(item.deadline)}
                    <br />
                    <span className={item.daysLeft < 0 && open ? 'overdue' : 'meta'}>{open ? countdown(item.daysLeft) : item.return?.lateDays ? `nộp muộn ${item.return.lateDays} ngày` : 'đã nộp đúng hạn'}</span>
                  </td>
                  <td>
                    <span className={`status status-${status}`}>{statusName(status)}</span>
                    {status === 'returned' && item.return?.returnedReason && <p className="reason">Lý do trả lại: {item.return.returnedReason}</p>}
                  </td>
                  <td>
                    <div className="actions">
                      <button type="button" className="secondary" onClick={() => void template(item, 'FORM')} aria-label={`Tải mẫu biểu ${item.formCode} ${item.periodLabel} của ${item.unitName}`}>
                        Tải mẫu biểu
                      </button>
                      <button type="button" className="secondary" onClick={() => void template(item, 'TABLE')} aria-label={`Tải mẫu bảng (các đơn vị trực thuộc) ${item.formCode} ${item.periodLabel} của ${item.unitName}`}>
                        Tải mẫu bảng
                      </button>
                      {/* the actions are what the API says this user may do with the return now (the mutations still decide) */}
                      {(item.return ? item.return.viewerCan.upload : open) && (
                        <Link className="button" href={uploadPath(item)} aria-label={`Tải lên ${item.formCode} ${item.periodLabel} của ${item.unitName}`}>
                          Tải lên
                        </Link>
                      )}
                      {item.return?.viewerCan.submit && (
                        <button type="button" onClick={() => void submit(item)} aria-label={`Nộp báo cáo ${item.formCode} ${item.periodLabel} của ${item.unitName}`}>
                          Nộp báo cáo
                        </button>
                      )}
                      <Link href={`/tinh-hinh?don-vi=${encodeURIComponent(item.unitCode)}&bieu=${encodeURIComponent(item.formCode)}&ky=${encodeURIComponent(item.periodId)}`} aria-label={`Tình hình nộp ${item.formCode} ${item.periodLabel} của các đơn vị thuộc ${item.unitName}`}>
                        Tình hình nộp
                      </Link>
                      {item.return && (
                        <Link href={`/bao-cao/${item.return.id}`} aria-label={`Xem báo cáo ${item.formCode} ${item.periodLabel} của ${item.unitName}`}>
                          Xem
                        </Link>
                      )}
                    </div>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

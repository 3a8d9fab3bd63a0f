import { useEffect, useState, type FormEvent } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { CompletenessQuery } from '../api/completeness-operations'
import { useLiveChanges } from '../api/live-updates'
import { LiveStatus } from '../components/live-status'
import { dateTime } from '../format'
import type { CompletenessQuery as CompletenessResult } from '../gql/graphql'
import { navigate } from '../router'
import { useSession } from '../session'

type Data = Extract<CompletenessResult['completeness'], { __typename: 'QueryCompletenessSuccess' }>['data']

/** The ward's own picture: which of its units must file this form for this period, who filed, who was late, who has not. */
export function CompletenessPage({ query }: { query: URLSearchParams }) {
  const { me } = useSession()
  const units = [...new Map((me?.grants ?? []).map((g) => [g.unitCode, g.unitName])).entries()]
  const asked = { unit: query.get('don-vi') ?? units[0]?.[0] ?? '', form: query.get('bieu') ?? 'BC-YT72', period: query.get('ky') ?? '' }
  const [data, setData] = useState<Data | null>(null)
  const [error, setError] = useState<string | null>(null)
  // bumped by every change committed under the unit: the figures are read again, without reloading the page
  const [version, setVersion] = useState(0)
  const live = useLiveChanges(asked, () => setVersion((v) => v + 1))
  useEffect(() => {
    if (!asked.unit || !asked.form || !asked.period) return
    setError(null)
    // Only the latest read is drawn: an earlier one answering late (two changes in a row, two server processes) would
    // put figures back that no longer hold.
    let current = true
    gqlRequest(CompletenessQuery, asked).then(
      (r) => current && (r.completeness.__typename === 'QueryCompletenessSuccess' ? setData(r.completeness.data) : setError(r.completeness.message)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    )
    return () => {
      current = false
    }
  }, [asked.unit, asked.form, asked.period, version])
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const q = new URLSearchParams({ 'don-vi': String(f.get('unit')), bieu: String(f.get('form')), ky: String(f.get('period')).trim() })
    navigate(`/tinh-hinh?${q}`)
  }
  return (
    <section>
      <h1 tabIndex={-1}>Tình hình nộp báo cáo</h1>
      <form className="toolbar" onSubmit={onSubmit} aria-label="Chọn đơn vị, biểu mẫu và kỳ">
        <div>
          <label htmlFor="th-don-vi">Đơn vị</label>
          <select id="th-don-vi" name="unit" defaultValue={asked.unit}>
            {units.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="th-bieu">Biểu mẫu</label>
          <input id="th-bieu" name="form" defaultValue={asked.form} size={10} required />
        </div>
        <div>
          <label htmlFor="th-ky">Kỳ (mã, ví dụ 2026S1)</label>
          <input id="th-ky" name="period" defaultValue={asked.period} size={12} required />
        </div>
        <button type="submit">Xem</button>
      </form>
      {asked.period && <LiveStatus connected={live.connected} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <p role="status">
            {data.unit.name}: phải nộp {data.expected}, đã nộp {data.received} (đúng hạn {data.onTime}, muộn {data.late}), chưa nộp {data.missing}.
          </p>
          <h2>Nộp muộn ({data.late})</h2>
          {data.lateUnits.length ? (
            <table>
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
                    <td>{u.unit.name}</td>
                    <td>{u.submittedAt ? dateTime(u.submittedAt) : '—'}</td>
                    <td>{u.lateDays} ngày</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Không có.</p>
          )}
          <h2>Chưa nộp ({data.missing})</h2>
          {data.missingUnits.length ? (
            <ul>
              {data.missingUnits.map((u) => (
                <li key={u.unit.code}>
                  {u.unit.name} ({u.unit.code})
                </li>
              ))}
            </ul>
          ) : (
            <p>Không có.</p>
          )}
        </>
      )}
    </section>
  )
}

import { useEffect, useRef, useState, type FormEvent } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { StartSessionMutation } from '../api/session-operations'
import { navigate, safeReturnPath } from '../router'
import { useSession } from '../session'

export function LoginPage({ returnTo }: { returnTo: string | null }) {
  const { refresh } = useSession()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    setBusy(true)
    setError(null)
    try {
      const r = await gqlRequest(StartSessionMutation, { username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') })
      const result = r.startSession
      if (result.__typename === 'MutationStartSessionSuccess') {
        await refresh()
        navigate(safeReturnPath(returnTo), true)
        return
      }
      setError('message' in result ? result.message : 'Đăng nhập không thành công')
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main id="noi-dung" className="login">
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'loi-dang-nhap' : undefined}>
        <h1 ref={heading} tabIndex={-1}>
          Đăng nhập
        </h1>
        <p className="hint">Hệ thống tổng hợp báo cáo</p>
        {returnTo && <p className="notice">Phiên làm việc đã hết hạn hoặc bạn chưa đăng nhập. Đăng nhập để tiếp tục.</p>}
        <label htmlFor="username">Tên đăng nhập</label>
        <input id="username" name="username" autoComplete="username" required autoCapitalize="none" spellCheck={false} />
        <label htmlFor="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p id="loi-dang-nhap" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  )
}

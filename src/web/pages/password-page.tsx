import { useState, type FormEvent } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { ChangePasswordMutation } from '../api/session-operations'

export function PasswordPage() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const el = e.currentTarget
    const form = new FormData(el)
    const next = String(form.get('next') ?? '')
    if (next !== String(form.get('again') ?? '')) return setMessage({ ok: false, text: 'Hai lần nhập mật khẩu mới không giống nhau' })
    try {
      const r = await gqlRequest(ChangePasswordMutation, { current: String(form.get('current') ?? ''), next })
      const result = r.changePassword
      if (result.__typename === 'MutationChangePasswordSuccess') {
        el.reset()
        setMessage({ ok: true, text: 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.' })
      } else setMessage({ ok: false, text: 'message' in result ? result.message : 'Không đổi được mật khẩu' })
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    }
  }
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Đổi mật khẩu</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="current">Mật khẩu hiện tại</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required />
        <label htmlFor="next">Mật khẩu mới</label>
        <input id="next" name="next" type="password" autoComplete="new-password" required minLength={10} />
        <label htmlFor="again">Nhập lại mật khẩu mới</label>
        <input id="again" name="again" type="password" autoComplete="new-password" required minLength={10} />
        {message && (
          <p className={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit">Đổi mật khẩu</button>
      </form>
    </section>
  )
}

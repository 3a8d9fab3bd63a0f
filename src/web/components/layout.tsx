import { useEffect, useRef, type ReactNode } from 'react'
import { gqlRequest } from '../api/graphql-client'
import { LogoutMutation } from '../api/session-operations'
import { navigate } from '../router'
import { hasRole, useSession } from '../session'
import { Link } from './link'

const ROLE_NAMES: Record<string, string> = {
  submitter: 'nhập liệu',
  reviewer: 'duyệt',
  viewer: 'xem',
  exporter: 'xuất báo cáo',
  administrator: 'quản trị',
}

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { me, refresh } = useSession()
  const main = useRef<HTMLElement>(null)
  // A new page moves focus to its content, so keyboard and screen-reader users start there.
  useEffect(() => {
    main.current?.querySelector('h1')?.focus()
  }, [path])
  const logout = async () => {
    await gqlRequest(LogoutMutation).catch(() => null)
    await refresh()
    navigate('/dang-nhap', true)
  }
  const nav = [
    { href: '/', label: 'Việc cần làm', show: hasRole(me, 'submitter') || hasRole(me, 'viewer') || hasRole(me, 'exporter') },
    { href: '/duyet', label: 'Duyệt báo cáo', show: hasRole(me, 'reviewer') },
    { href: '/tong-hop', label: 'Tổng hợp', show: true },
    { href: '/tinh-hinh', label: 'Tình hình nộp', show: true },
    { href: '/tai-ve', label: 'Tải về', show: hasRole(me, 'exporter') || hasRole(me, 'submitter') },
    { href: '/doi-mat-khau', label: 'Đổi mật khẩu', show: true },
  ]
  return (
    <>
      <a className="skip" href="#noi-dung">
        Bỏ qua, tới nội dung
      </a>
      <header className="topbar">
        <span className="brand">Tổng hợp báo cáo</span>
        <nav aria-label="Chính">
          <ul>
            {nav
              .filter((n) => n.show)
              .map((n) => (
                <li key={n.href}>
                  <Link href={n.href} aria-current={n.href === path ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {me?.displayName}
            <span className="roles">
              {' '}
              ({[...new Set(me?.grants.map((g) => `${ROLE_NAMES[g.role] ?? g.role} · ${g.unitName}`))].join('; ')})
            </span>
          </span>
          <button type="button" className="secondary" onClick={() => void logout()}>
            Đăng xuất
          </button>
        </div>
      </header>
      <main id="noi-dung" ref={main}>
        {children}
      </main>
    </>
  )
}

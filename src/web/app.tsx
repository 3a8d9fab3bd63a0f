import { useEffect } from 'react'
import { Layout } from './components/layout'
import { HomePage } from './pages/home-page'
import { LoginPage } from './pages/login-page'
import { NotFoundPage } from './pages/not-found-page'
import { PasswordPage } from './pages/password-page'
import { loginPathFor, navigate, useLocation } from './router'
import { useSession } from './session'

export function App() {
  const url = useLocation()
  const { me, loading } = useSession()
  const path = url.pathname
  useEffect(() => {
    if (!loading && !me && path !== '/dang-nhap') navigate(loginPathFor(url), true)
  }, [loading, me, path, url])
  if (path === '/dang-nhap') return <LoginPage returnTo={url.searchParams.get('tiep')} />
  if (loading || !me) return <p className="loading" role="status">Đang tải…</p>
  return <Layout path={path}>{page(path)}</Layout>
}

function page(path: string) {
  if (path === '/') return <HomePage />
  if (path === '/doi-mat-khau') return <PasswordPage />
  return <NotFoundPage />
}

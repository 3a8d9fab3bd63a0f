import { useEffect } from 'react'
import { Layout } from './components/layout'
import { CompletenessPage } from './pages/completeness-page'
import { DashboardPage } from './pages/dashboard-page'
import { DownloadsPage } from './pages/downloads-page'
import { HomePage } from './pages/home-page'
import { LoginPage } from './pages/login-page'
import { NotFoundPage } from './pages/not-found-page'
import { PasswordPage } from './pages/password-page'
import { ReturnPage } from './pages/return-page'
import { ReviewPage } from './pages/review-page'
import { UploadPage } from './pages/upload-page'
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
  return <Layout path={path}>{page(path, url)}</Layout>
}

function page(path: string, url: URL) {
  if (path === '/') return <HomePage />
  if (path === '/tai-len') return <UploadPage key={url.search} query={url.searchParams} />
  if (path === '/doi-mat-khau') return <PasswordPage />
  if (path === '/duyet') return <ReviewPage />
  if (path === '/tai-ve') return <DownloadsPage key={url.search} query={url.searchParams} />
  if (path === '/tong-hop') return <DashboardPage query={url.searchParams} />
  if (path === '/tinh-hinh') return <CompletenessPage key={url.search} query={url.searchParams} />
  const ret = /^\/bao-cao\/(\d+)$/.exec(path)
  if (ret) return <ReturnPage key={ret[1]} id={Number(ret[1])} />
  return <NotFoundPage />
}

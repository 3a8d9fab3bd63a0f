import { Link } from '../components/link'

export function NotFoundPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Không có trang này</h1>
      <p>
        <Link href="/">Về trang Việc cần làm</Link>
      </p>
    </section>
  )
}

import { useSession } from '../session'

export function HomePage() {
  const { me } = useSession()
  return (
    <section>
      <h1 tabIndex={-1}>Việc cần làm</h1>
      <ul>
        {me?.grants.map((g) => (
          <li key={`${g.role}-${g.unitCode}`}>
            {g.unitName} ({g.unitCode})
          </li>
        ))}
      </ul>
    </section>
  )
}

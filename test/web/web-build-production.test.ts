import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { WEB_DIST_DIR, webBuildIsCurrent } from '../../src/http/web-build.js'

// The tests' global setup builds dist/web under vitest's NODE_ENV=test; `npm start` then serves that very build (its
// stamp is current), so it must be React's production build whatever NODE_ENV the builder ran under. Before, it was the
// development build (jsxDEV, 521 KB instead of 291 KB; the first page 149 KB gzip instead of 86 KB).
it('dist/web, as built under the tests, is the production build', () => {
  expect(process.env.NODE_ENV).toBe('test')
  expect(webBuildIsCurrent()).toBe(true)
  const scripts = readdirSync(join(WEB_DIST_DIR, 'assets')).filter((f) => f.endsWith('.js'))
  expect(scripts.length).toBeGreaterThan(0)
  for (const f of scripts) expect(readFileSync(join(WEB_DIST_DIR, 'assets', f), 'utf8')).not.toContain('jsxDEV')
})

// `npm run build:web`: builds dist/web when its sources changed (`tonghop serve` and the tests do the same).
import { ensureWebBuild } from '../src/http/web-build.js'

console.log((await ensureWebBuild((line) => console.log(line))) === 'built' ? 'Đã dựng dist/web' : 'dist/web đã mới nhất')

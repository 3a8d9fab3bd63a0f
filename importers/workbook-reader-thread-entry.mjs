// The worker thread's entry: plain JavaScript, so it can register the TypeScript loader before the reader loads.
import { register } from 'tsx/esm/api'

register()
await import('./workbook-reader-thread.ts')

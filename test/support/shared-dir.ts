import { fileURLToPath } from 'node:url'

/** ../shared beside the repository (domain brief, seed documents, xlsx corpus): where CI puts it too. */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared', import.meta.url))

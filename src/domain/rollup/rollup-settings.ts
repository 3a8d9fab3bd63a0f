import { LARGE_SUBTREE_UNITS } from '../../db/repositories/rollup.repository.js'

/**
 * How the engine reads rollups. The application builds one at start-up (`AppServices.rollup`, src/bootstrap.ts) and
 * hands it to every call; a test or a bench that wants the other path passes its own instead of flipping a switch.
 */
export interface RollupSettings {
  /** Read the maintained state; false computes the same rules from the returns at query time (the reference). */
  storedState: boolean
  /** Above this many units in a subtree the query-time reads take one pass over whole tables instead of IN lists. */
  largeSubtreeUnits: number
}

export const DEFAULT_ROLLUP_SETTINGS: Readonly<RollupSettings> = { storedState: true, largeSubtreeUnits: LARGE_SUBTREE_UNITS }

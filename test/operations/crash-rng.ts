export function crashSeed(): number {
  const fromEnv = Number(process.env.TONGHOP_CRASH_SEED)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1 + Math.floor(Math.random() * 2 ** 31)
}

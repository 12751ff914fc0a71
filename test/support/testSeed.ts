/**
 * The seed of fuzzers and property tests: fixed by default, so that CI is deterministic;
 * `<NAME>=random` explores (undefined: the library picks), a number replays a run.
 */
export const DEFAULT_TEST_SEED = 20_261_207;

export function testSeed(variable: string): number | undefined {
  const value = process.env[variable];
  if (value === 'random') return undefined;
  return value ? Number(value) : DEFAULT_TEST_SEED;
}

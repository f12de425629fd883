import type { Rule } from '../rule';

/** The wildcards rules, in report order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const wildcardRules: readonly Rule<any>[] = [];

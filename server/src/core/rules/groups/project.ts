import { mustNotGrant } from '../must-not-grant';
import type { Rule } from '../rule';

/** Rules the project's configuration switches on (they report nothing without it), in report order. */
export const projectRules: readonly Rule<unknown>[] = [mustNotGrant];

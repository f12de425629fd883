import type { Rule } from './rule';
import { unknownAction } from './unknown-action';
import { unknownService } from './unknown-service';

/**
 * Every rule, in the order their findings are reported. Explicit on purpose: a rule file
 * that is not listed here does not run.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const allRules: readonly Rule<any>[] = [unknownService, unknownAction];

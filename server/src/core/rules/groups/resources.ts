import { invalidArn } from '../invalid-arn';
import { resourceMismatch } from '../resource-mismatch';
import { resourceStar } from '../resource-star';
import type { Rule } from '../rule';

/** The resources rules, in report order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const resourceRules: readonly Rule<any>[] = [invalidArn, resourceMismatch, resourceStar];

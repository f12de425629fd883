import { invalidArn } from '../invalid-arn';
import { redundantResource } from '../redundant-resource';
import { resourceMismatch } from '../resource-mismatch';
import { resourceStar } from '../resource-star';
import type { Rule } from '../rule';
import { wildcardInArnService } from '../wildcard-in-arn-service';

/** The resources rules, in report order. */
export const resourceRules: readonly Rule<unknown>[] = [invalidArn, resourceMismatch, wildcardInArnService, resourceStar, redundantResource];

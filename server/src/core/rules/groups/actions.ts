import { actionFormat } from '../action-format';
import { redundantAction } from '../redundant-action';
import type { Rule } from '../rule';
import { unknownAction } from '../unknown-action';
import { unknownService } from '../unknown-service';

/** The action rules, in report order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const actionRules: readonly Rule<any>[] = [unknownService, unknownAction, actionFormat, redundantAction];

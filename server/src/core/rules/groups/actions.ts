import { actionFormat } from '../action-format';
import { redundantAction } from '../redundant-action';
import type { Rule } from '../rule';
import { unknownAction } from '../unknown-action';
import { unknownService } from '../unknown-service';

/** The action rules, in report order. */
export const actionRules: readonly Rule<unknown>[] = [unknownService, unknownAction, actionFormat, redundantAction];

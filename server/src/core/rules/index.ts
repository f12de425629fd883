import { actionRules } from './groups/actions';
import { conditionRules } from './groups/conditions';
import { principalRules } from './groups/principals';
import { projectRules } from './groups/project';
import { resourceRules } from './groups/resources';
import { structureRules } from './groups/structure';
import { wildcardRules } from './groups/wildcards';
import type { Rule } from './rule';

/**
 * Every rule, in the order their findings are reported. Explicit on purpose: a rule file
 * that is not listed in its group does not run.
 */
export const allRules: readonly Rule<unknown>[] = [
  ...structureRules,
  ...actionRules,
  ...resourceRules,
  ...wildcardRules,
  ...principalRules,
  ...conditionRules,
  ...projectRules,
];

import type { StatementModel, ValueItem, ValueList } from '../policy';
import { hasUnknown } from './unknown';

const NONE: readonly ValueItem[] = [];

/** Actions a host builds from computed parts (`!Sub '${Service}:Get*'`) are not judged. */
function known(list: ValueList | undefined): readonly ValueItem[] {
  if (!list) return NONE;
  return list.computed ? list.items.filter((i) => !hasUnknown(i.value)) : list.items;
}

/** The string items of a statement's `Action` and `NotAction` (one of the lists itself when the other is missing). */
export function actionItems(statement: StatementModel): readonly ValueItem[] {
  const action = known(statement.action);
  const notAction = known(statement.notAction);
  if (notAction.length === 0) return action;
  if (action.length === 0) return notAction;
  return [...action, ...notAction];
}

/** Splits `svc:Name` into its parts; undefined without a colon. */
export function splitAction(value: string): { service: string; action: string } | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  return { service: value.slice(0, colon), action: value.slice(colon + 1) };
}

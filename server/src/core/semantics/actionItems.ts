import type { StatementModel, ValueItem } from '../policy';

const NONE: readonly ValueItem[] = [];

/** The string items of a statement's `Action` and `NotAction` (one of the lists itself when the other is missing). */
export function actionItems(statement: StatementModel): readonly ValueItem[] {
  const action = statement.action?.items ?? NONE;
  const notAction = statement.notAction?.items ?? NONE;
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

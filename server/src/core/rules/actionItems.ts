import type { StatementModel, ValueItem } from '../policy';

/** The string items of a statement's `Action` and `NotAction`. */
export function actionItems(statement: StatementModel): ValueItem[] {
  return [...(statement.action?.items ?? []), ...(statement.notAction?.items ?? [])];
}

/** Splits `svc:Name` into its parts; undefined without a colon. */
export function splitAction(value: string): { service: string; action: string } | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  return { service: value.slice(0, colon), action: value.slice(colon + 1) };
}

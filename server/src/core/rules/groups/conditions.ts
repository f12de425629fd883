import { conditionKeyNotApplicable } from '../condition-key-not-applicable';
import { invalidConditionValue } from '../invalid-condition-value';
import { invalidPolicyVariable } from '../invalid-policy-variable';
import { mfaAntiPattern } from '../mfa-anti-pattern';
import { missingSetOperatorOnMultivaluedKey } from '../missing-set-operator-on-multivalued-key';
import { nullWithIfExists } from '../null-with-ifexists';
import { operatorTypeMismatch } from '../operator-type-mismatch';
import type { Rule } from '../rule';
import { setOperatorOnSingleValuedKey } from '../set-operator-on-single-valued-key';
import { unknownConditionKey } from '../unknown-condition-key';
import { unknownOperator } from '../unknown-operator';
import { wildcardWithoutLike } from '../wildcard-without-like';

/** The conditions rules, in report order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const conditionRules: readonly Rule<any>[] = [
  unknownOperator,
  nullWithIfExists,
  unknownConditionKey,
  conditionKeyNotApplicable,
  operatorTypeMismatch,
  invalidConditionValue,
  wildcardWithoutLike,
  invalidPolicyVariable,
  setOperatorOnSingleValuedKey,
  missingSetOperatorOnMultivaluedKey,
  mfaAntiPattern,
];

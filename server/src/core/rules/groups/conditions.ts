import { conditionKeyNotApplicable } from '../condition-key-not-applicable';
import { conditionKeyValueFormat } from '../condition-key-value-format';
import { dateNotIso } from '../date-not-iso';
import { duplicateConditionKey } from '../duplicate-condition-key';
import { emptyCondition } from '../empty-condition';
import { invalidConditionValue } from '../invalid-condition-value';
import { invalidPolicyVariable } from '../invalid-policy-variable';
import { ipRangeHostBits } from '../ip-range-host-bits';
import { malformedCondition } from '../malformed-condition';
import { mfaAntiPattern } from '../mfa-anti-pattern';
import { missingPairedConditionKey } from '../missing-paired-condition-key';
import { missingSetOperatorOnMultivaluedKey } from '../missing-set-operator-on-multivalued-key';
import { nullWithIfExists } from '../null-with-ifexists';
import { nullWithSetOperator } from '../null-with-set-operator';
import { operatorTypeMismatch } from '../operator-type-mismatch';
import { privateSourceIp } from '../private-source-ip';
import { redundantConditionValue } from '../redundant-condition-value';
import type { Rule } from '../rule';
import { setOperatorOnSingleValuedKey } from '../set-operator-on-single-valued-key';
import { unknownConditionKey } from '../unknown-condition-key';
import { unknownOperator } from '../unknown-operator';
import { variableWithUnsupportedOperator } from '../variable-with-unsupported-operator';
import { wildcardWithoutLike } from '../wildcard-without-like';

/** The conditions rules, in report order. */
export const conditionRules: readonly Rule<unknown>[] = [
  malformedCondition,
  unknownOperator,
  nullWithIfExists,
  nullWithSetOperator,
  unknownConditionKey,
  conditionKeyNotApplicable,
  duplicateConditionKey,
  emptyCondition,
  operatorTypeMismatch,
  invalidConditionValue,
  ipRangeHostBits,
  privateSourceIp,
  conditionKeyValueFormat,
  wildcardWithoutLike,
  invalidPolicyVariable,
  variableWithUnsupportedOperator,
  setOperatorOnSingleValuedKey,
  missingSetOperatorOnMultivaluedKey,
  mfaAntiPattern,
  dateNotIso,
  redundantConditionValue,
  missingPairedConditionKey,
];

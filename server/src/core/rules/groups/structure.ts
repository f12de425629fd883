import { analysisIncomplete } from '../analysis-incomplete';
import { duplicateKey } from '../duplicate-key';
import { duplicateSid } from '../duplicate-sid';
import { elementConflict } from '../element-conflict';
import { emptySid } from '../empty-sid';
import { emptyValue } from '../empty-value';
import { invalidEffect } from '../invalid-effect';
import { invalidSid } from '../invalid-sid';
import { invalidStatement } from '../invalid-statement';
import { invalidSuppression } from '../invalid-suppression';
import { invalidVersion } from '../invalid-version';
import { jsonSyntax } from '../json-syntax';
import { missingAction } from '../missing-action';
import { missingEffect } from '../missing-effect';
import { missingResource } from '../missing-resource';
import { missingStatement } from '../missing-statement';
import { missingVersion } from '../missing-version';
import { oldVersionWithVariables } from '../old-version-with-variables';
import { policySize } from '../policy-size';
import { rcpElement } from '../rcp-element';
import { redundantStatement } from '../redundant-statement';
import type { Rule } from '../rule';
import { unescapedSubVariable } from '../unescaped-sub-variable';
import { unknownElement } from '../unknown-element';
import { unusedSuppression } from '../unused-suppression';

/** The structure rules, in report order. */
export const structureRules: readonly Rule<unknown>[] = [
  jsonSyntax,
  duplicateKey,
  unknownElement,
  missingStatement,
  invalidStatement,
  missingVersion,
  invalidVersion,
  oldVersionWithVariables,
  invalidEffect,
  missingEffect,
  missingAction,
  missingResource,
  elementConflict,
  emptyValue,
  invalidSid,
  emptySid,
  duplicateSid,
  rcpElement,
  redundantStatement,
  policySize,
  unescapedSubVariable,
  analysisIncomplete,
  invalidSuppression,
  unusedSuppression,
];

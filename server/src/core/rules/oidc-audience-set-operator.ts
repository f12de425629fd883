import { renameKey } from '../edits/conditionEdits';
import { statementAt } from '../policy';
import { allConditionEntries, conditionEntries, hasConditionOperator } from '../semantics/conditionItems';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

interface Data {
  /** The operator without its set prefix, e.g. `StringEquals`. */
  readonly operator: string;
}

/** `<provider>:aud` of an identity provider (a host name such as `token.actions.githubusercontent.com`), not a service key. */
const PROVIDER_AUDIENCE = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^:]*)?:aud$/i;

/**
 * `oidc-audience-set-operator`: an identity provider's audience key (`<provider>:aud`) under
 * `ForAnyValue:` or `ForAllValues:`. IAM gives the key one value per request (the token's
 * audience, or its authorized party), so the set operator only misleads, and `ForAllValues:`
 * also holds when the value is missing. Access Analyzer notes every audience condition
 * ("confirm audience claim type"); this reports the case where the claim's type and the
 * operator disagree. The fix drops the prefix when the key is alone under its operator.
 */
export const oidcAudienceSetOperator: Rule<Data> = {
  code: 'oidc-audience-set-operator',
  defaultSeverity: 'information',
  description: 'An identity provider\'s :aud key, which has one value per request, is compared with ForAnyValue/ForAllValues; use the plain operator.',
  example: {
    bad: '"Condition": { "ForAllValues:StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }',
    good: '"Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const parsed = entry.parsed;
      if (!parsed?.prefix || !PROVIDER_AUDIENCE.test(entry.key)) continue;
      const operator = `${parsed.base.name}${parsed.ifExists ? 'IfExists' : ''}`;
      const why = parsed.prefix === 'ForAllValues' ? `with '${parsed.prefix}:' the condition also holds when the request has no audience` : `'${parsed.prefix}:' behaves like '${operator}' here and only misleads`;
      report(entry.keyNode, `'${entry.key}' has one value per request (the token's audience): ${why}. Use '${operator}'.`, { operator });
    }
  },
  fix({ document, policy, target }, diagnostic) {
    const operator: unknown = (diagnostic.data as Partial<Data> | null)?.operator;
    const statement = target && statementAt(policy, target.offset);
    if (!statement || typeof operator !== 'string' || operator === '' || hasConditionOperator(statement, operator)) return [];
    const entry = conditionEntries(statement).find((e) => e.keyNode.offset === target.offset);
    // Renaming the operator changes every key under it: only when the audience is alone there.
    if (!entry || (entry.block.children ?? []).length !== 1 || entry.parsed?.base.name === undefined) return [];
    return [quickFix(`Change '${entry.operator}' to '${operator}'`, document, [renameKey(document, entry.operatorNode, operator)], diagnostic, true)];
  },
};

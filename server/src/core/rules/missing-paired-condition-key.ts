import { pairedConditionKeys } from '../data/pairedConditionKeys';
import { conditionEntries } from '../semantics/conditionItems';
import type { Rule } from './rule';

const PAIRS = new Map(pairedConditionKeys.map((p) => [p.key.toLowerCase(), p]));

/**
 * `missing-paired-condition-key`: a condition key that is only safe together with a related
 * key (see data/pairedConditionKeys.ts) appears in a statement's Condition without any of its
 * partners, e.g. `aws:VpcSourceIp` without `aws:SourceVpc` or `aws:SourceVpce`. In a Deny whose
 * operator is not negated, the missing partner only makes the deny broader, so it is not
 * reported there. No fix: the partner's value (which VPC) cannot be read from the policy.
 */
export const missingPairedConditionKey: Rule = {
  code: 'missing-paired-condition-key',
  defaultSeverity: 'warning',
  description: 'A condition key that is only safe next to a related key (aws:VpcSourceIp without aws:SourceVpc or aws:SourceVpce) is used alone.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:VpcSourceIp": "10.0.0.0/16" } }',
    good: '"Condition": { "IpAddress": { "aws:VpcSourceIp": "10.0.0.0/16" }, "StringEquals": { "aws:SourceVpc": "vpc-1a2b3c4d" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const entries = conditionEntries(statement);
      if (entries.length === 0) continue;
      const paired = entries.filter((e) => PAIRS.has(e.key.toLowerCase()));
      if (paired.length === 0) continue;
      const deny = statement.effect?.value === 'Deny';
      const present = new Set(entries.map((e) => e.key.toLowerCase()));
      for (const entry of paired) {
        const pair = PAIRS.get(entry.key.toLowerCase());
        if (!pair || pair.partners.some((p) => present.has(p.toLowerCase()))) continue;
        if (deny && entry.parsed && !entry.parsed.base.negated) continue;
        const names = pair.partners.map((p) => `'${p}'`);
        const partners = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
        report(entry.keyNode, `'${entry.key}' is used without ${partners} in the same Condition: ${pair.reason}.`);
      }
    }
  },
};

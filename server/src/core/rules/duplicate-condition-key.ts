import type { Node } from 'jsonc-parser';
import { allConditionEntries } from './conditionItems';
import type { Rule } from './rule';

/**
 * `duplicate-condition-key`: one operator block names the same condition key twice in
 * different casing (`aws:SourceIp` and `aws:sourceip`). IAM reads key names
 * case-insensitively, so the two entries are one key with two conflicting value lists; IAM
 * Access Analyzer reports it as an error. Identical spellings are `duplicate-key`.
 */
export const duplicateConditionKey: Rule = {
  code: 'duplicate-condition-key',
  defaultSeverity: 'error',
  description: 'An operator block names the same condition key twice in different casing; IAM reads key names case-insensitively.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } }',
  },
  check({ policy }, report) {
    const blocks = new Map<Node, Map<string, Node>>();
    for (const entry of allConditionEntries(policy)) {
      let seen = blocks.get(entry.block);
      if (!seen) blocks.set(entry.block, (seen = new Map()));
      const lower = entry.key.toLowerCase();
      const first = seen.get(lower);
      if (!first) {
        seen.set(lower, entry.keyNode);
      } else if (first.value !== entry.key) {
        report(entry.keyNode, `'${entry.key}' repeats '${String(first.value)}' in this '${entry.operator}' block: IAM reads condition key names case-insensitively. Merge their values under one key.`, undefined, {
          related: [{ target: first, message: `First '${String(first.value)}'` }],
        });
      }
    }
  },
};

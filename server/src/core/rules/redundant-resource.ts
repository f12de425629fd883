import { DiagnosticTag } from 'vscode-languageserver-types';
import { removeArrayElement } from '../edits/jsonEdits';
import type { ValueItem } from '../policy';
import { hasWildcard } from '../semantics/actionPatterns';
import { ResourcePattern } from '../semantics/resourcePatterns';
import { hasUnknown } from '../semantics/unknown';
import { quickFix } from '../util/edits';
import { type Rule, stringTarget } from './rule';

/**
 * Wildcard entries each resource is compared with: real lists hold a few, and a list of
 * thousands would otherwise cost their number squared (a hint is not worth a frozen editor).
 */
const MAX_CANDIDATES = 64;

/**
 * Coverage tests one check may run. 80,000 ARNs against 64 wildcards took 1.7 s; past the
 * budget only repeats are still reported (no finding rather than a frozen server).
 */
const BUDGET = 1_000_000;

/**
 * `redundant-resource`: an entry of `Resource` (or `NotResource`) that repeats another one or
 * that a wildcard entry of the same list already matches (`arn:aws:s3:::logs/app/*` next to
 * `arn:aws:s3:::logs/*`, anything next to `"*"`). ARNs are compared case-sensitively, as IAM
 * matches them, and on the patterns alone. The fix deletes the entry.
 */
export const redundantResource: Rule = {
  code: 'redundant-resource',
  defaultSeverity: 'hint',
  description: 'A resource is listed twice or is matched by a wildcard resource of the same statement.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs/app/*"] }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::logs/*"] }',
  },
  check({ policy }, report) {
    let budget = BUDGET;
    for (const statement of policy.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        const items = (list?.items ?? []).filter((i) => i.value !== '' && !hasUnknown(i.value));
        if (items.length < 2) continue;
        const firstOf = new Map<string, ValueItem>();
        const wildcards = items.filter((i) => hasWildcard(i.value)).slice(0, MAX_CANDIDATES).map((i) => ({ item: i, pattern: new ResourcePattern(i.value) }));
        for (const item of items) {
          let by = firstOf.get(item.value);
          if (!by) {
            firstOf.set(item.value, item);
            if (budget > 0 && wildcards.length > 0) {
              budget -= wildcards.length;
              const pattern = new ResourcePattern(item.value);
              by = wildcards.find((w) => w.item.value !== item.value && w.pattern.covers(pattern) && !pattern.covers(w.pattern))?.item;
            }
          }
          if (!by) continue;
          const how = by.value === item.value ? 'is listed twice' : `is already matched by '${by.value}'`;
          // A `"*"` needs no pointer (and lists under one are long); another entry is shown where it is.
          const related = by.value === '*' ? undefined : [{ target: by.node, message: `'${by.value}' is here` }];
          report(item.node, `'${item.value}' ${how}.`, undefined, { tags: [DiagnosticTag.Unnecessary], related });
        }
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    const property = node?.parent?.parent;
    const key = property?.type === 'property' ? property.children?.[0]?.value : undefined;
    if (!node || node.parent?.type !== 'array' || (key !== 'Resource' && key !== 'NotResource')) return [];
    const edit = removeArrayElement(document, node);
    return edit ? [quickFix(`Remove redundant '${node.value as string}'`, document, [edit], diagnostic, true)] : [];
  },
};

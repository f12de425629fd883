import { DiagnosticTag } from 'vscode-languageserver-types';
import { quickFix } from '../util/edits';
import type { ValueItem } from '../policy';
import { ActionPatternIndex, globCovers, hasWildcard } from '../semantics/actionPatterns';
import { removeArrayElement } from '../edits/jsonEdits';
import { type Rule, stringTarget } from './rule';

/**
 * Wildcards each entry is compared with. Real lists hold a few dozen; a list of thousands of
 * wildcards would otherwise cost their number squared (a hint is not worth a frozen editor).
 */
const MAX_CANDIDATES = 64;

/**
 * `redundant-action`: an entry of `Action` (or `NotAction`) that repeats another one or is
 * covered by a wildcard in the same list (`s3:GetObject` next to `s3:Get*`). Coverage is
 * decided on the patterns themselves, not on today's catalogue, so it stays true as AWS adds
 * actions. The fix deletes the entry with its comma.
 */
export const redundantAction: Rule = {
  code: 'redundant-action',
  defaultSeverity: 'information',
  description: 'An action is listed twice or is covered by a wildcard in the same statement.',
  example: {
    bad: '{ "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*" }',
  },
  check({ policy, catalog }, report) {
    // A plain name of a known service that matches no action is unknown-action's finding (with a
    // did-you-mean); calling it "covered by s3:*" as well would only add noise.
    const unknown = (value: string) => {
      const colon = value.indexOf(':');
      return colon > 0 && !/[*?]/.test(value) && catalog.getService(value.slice(0, colon)) !== undefined && catalog.matchActions(value).length === 0;
    };
    for (const statement of policy.statements) {
      for (const list of [statement.action, statement.notAction]) {
        const items = (list?.items ?? []).filter((i) => i.value !== '');
        // Equal entries: the later one is redundant. Otherwise the one covered by a strictly
        // broader wildcard; only wildcard entries can cover another, so only they are compared.
        const firstOf = new Map<string, ValueItem>();
        const wildcards = new ActionPatternIndex(items.filter((i) => hasWildcard(i.value)));
        items.forEach((item) => {
          const lower = item.value.toLowerCase();
          let by = firstOf.get(lower);
          if (!by) {
            firstOf.set(lower, item);
            by = wildcards
              .candidates(item.value, MAX_CANDIDATES)
              .find((other) => other.value.toLowerCase() !== lower && globCovers(other.value, item.value) && !globCovers(item.value, other.value));
          }
          if (!by || unknown(item.value)) return;
          const how = by.value.toLowerCase() === item.value.toLowerCase() ? 'is listed twice' : `is already covered by '${by.value}'`;
          report(item.node, `'${item.value}' ${how}.`, undefined, {
            tags: [DiagnosticTag.Unnecessary],
            related: [{ target: by.node, message: `'${by.value}' is here` }],
          });
        });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    const list = node?.parent?.parent;
    const key = list?.type === 'property' ? list.children?.[0]?.value : undefined;
    if (!node || node.parent?.type !== 'array' || (key !== 'Action' && key !== 'NotAction')) return [];
    const edit = removeArrayElement(document, node);
    return edit ? [quickFix(`Remove redundant '${node.value as string}'`, document, [edit], diagnostic, true)] : [];
  },
};

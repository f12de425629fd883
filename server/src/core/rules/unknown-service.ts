import { retiredService } from '../data/retiredServices';
import { quickFix, replaceStringValue } from '../util/edits';
import { suggestServicePrefixes } from '../util/suggest';
import { actionItems, splitAction } from '../semantics/actionItems';
import { type Rule, stringTarget } from './rule';

interface Data {
  readonly suggestions: readonly string[];
}

/**
 * `unknown-service`: the service prefix of an action is not an IAM service prefix.
 * A prefix with wildcards (`s3*:...`) is left to `unknown-action`, which sees what it matches.
 */
export const unknownService: Rule<Data> = {
  code: 'unknown-service',
  defaultSeverity: 'error',
  description: 'The service prefix of an action is not a known IAM service prefix.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s4:GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy, catalog }, report) {
    for (const statement of policy.statements) {
      for (const item of actionItems(statement)) {
        const parts = splitAction(item.value);
        if (!parts || parts.service === '' || /[*?]/.test(parts.service)) continue;
        if (catalog.getService(parts.service)) continue;
        const retired = retiredService(parts.service);
        if (retired) {
          report(item.node, `'${parts.service}' is the prefix of ${retired}: its actions no longer exist and grant nothing.`, { suggestions: [] });
          continue;
        }
        const suggestions = suggestServicePrefixes(catalog, parts.service).map((s) => `${s}:${parts.action}`);
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(item.node, `Unknown service prefix '${parts.service}'.${hint}`, { suggestions });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    if (!node) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const suggestions: unknown = (diagnostic.data as Partial<Data> | null)?.suggestions;
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '${s}'?`, document, [replaceStringValue(document, node, s)], diagnostic, i === 0),
    );
  },
};

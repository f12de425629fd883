import { DiagnosticTag } from 'vscode-languageserver-types';
import { removeProperty } from '../edits/jsonEdits';
import { quickFix } from '../util/edits';
import { type Rule, stringTarget } from './rule';

/**
 * `empty-sid`: `"Sid": ""`. AWS accepts it, but it names nothing (Access Analyzer suggests
 * removing it): the statement is then as anonymous as without a Sid. Its own code and not
 * `invalid-sid`'s, since that one is an error and this only a hint. The fix removes the property.
 */
export const emptySid: Rule = {
  code: 'empty-sid',
  defaultSeverity: 'hint',
  description: 'A statement has an empty Sid, which identifies nothing; remove it or name the statement.',
  example: {
    bad: '{ "Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const value = statement.properties.get('Sid')?.children?.[1];
      if (value?.type === 'string' && value.value === '') {
        report(value, 'The Sid is empty: remove it, or give the statement a name.', undefined, { tags: [DiagnosticTag.Unnecessary] });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    const property = node?.parent;
    if (!node || node.value !== '' || property?.type !== 'property' || property.children?.[0]?.value !== 'Sid') return [];
    const edit = removeProperty(document, property);
    return edit ? [quickFix('Remove the empty Sid', document, [edit], diagnostic, true)] : [];
  },
};

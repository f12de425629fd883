import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../policy';
import { quickFix } from '../util/edits';
import { insertFirstProperty } from './jsonEdits';
import type { Rule } from './rule';

/** The quick fix that writes `"Version": "2012-10-17"`, shared with `old-version-with-variables`. */
export function setCurrentVersion(document: TextDocument, policy: PolicyDocument, diagnostic: Diagnostic): CodeAction[] {
  if (policy.root?.type !== 'object') return [];
  const version = policy.root.children?.find((p) => p.children?.[0]?.value === 'Version')?.children?.[1];
  const edit = version
    ? { range: { start: document.positionAt(version.offset), end: document.positionAt(version.offset + version.length) }, newText: '"2012-10-17"' }
    : insertFirstProperty(document, policy.root, 'Version', '"2012-10-17"');
  return [quickFix(version ? 'Set "Version" to "2012-10-17"' : 'Add "Version": "2012-10-17"', document, [edit], diagnostic, true)];
}

/**
 * `missing-version`: without `Version`, IAM applies the 2008-10-17 language, in which
 * policy variables are plain text and newer features are unavailable. Not rejected, so a warning.
 */
export const missingVersion: Rule = {
  code: 'missing-version',
  defaultSeverity: 'warning',
  description: 'The policy has no Version, so IAM uses the old 2008-10-17 language.',
  example: {
    bad: '{ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    if (policy.root?.type !== 'object' || !policy.statementProperty) return;
    const hasVersion = (policy.root.children ?? []).some((p) => String(p.children?.[0]?.value).toLowerCase() === 'version');
    if (hasVersion) return;
    report(policy.statementProperty.children?.[0] ?? policy.statementProperty, 'The policy has no "Version"; add "Version": "2012-10-17".');
  },
  fix({ document, policy }, diagnostic) {
    return setCurrentVersion(document, policy, diagnostic);
  },
};

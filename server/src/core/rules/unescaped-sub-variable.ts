import { TextEdit } from 'vscode-languageserver-types';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

interface Data {
  readonly title: string;
  readonly newText: string;
}

/**
 * `unescaped-sub-variable`: in a CloudFormation `!Sub` (or `Fn::Sub`) string, an IAM policy
 * variable such as `${aws:username}` must be written `${!aws:username}`; unescaped,
 * CloudFormation looks for a parameter or resource of that name and the stack fails. The
 * template reader reports it (a standalone policy has no `!Sub`); the fix adds the `!`.
 */
export const unescapedSubVariable: Rule<Data> = {
  code: 'unescaped-sub-variable',
  defaultSeverity: 'error',
  description: 'An IAM policy variable inside a CloudFormation !Sub string is not escaped as ${!...}.',
  example: {
    bad: "Resource: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/home/${aws:username}/*'",
    good: "Resource: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/home/${!aws:username}/*'",
  },
  check() {
    // Template text, not policy text: see templateHost.ts.
  },
  fix({ document }, diagnostic) {
    const data = diagnostic.data as Partial<Data> | null | undefined;
    if (typeof data?.title !== 'string' || typeof data.newText !== 'string') return [];
    return [quickFix(data.title, document, [TextEdit.replace(diagnostic.range, data.newText)], diagnostic, true)];
  },
};

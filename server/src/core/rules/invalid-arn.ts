import { TextEdit } from 'vscode-languageserver-types';
import { quickFix } from '../util/edits';
import { arnProblem } from '../semantics/arnProblems';
import { extraArnParts, missingRegion } from '../semantics/arnScope';
import type { Rule } from './rule';

interface Data {
  /** The text that replaces the diagnostic's range (the Region part, or the whole string). */
  readonly edit?: string;
  readonly title?: string;
}

/**
 * API Gateway resource policies may name the API's own methods without the ARN prefix:
 * `execute-api:/stage/METHOD/path` (AWS expands it to the API's ARN when it saves the policy).
 */
const API_GATEWAY_SHORT_FORM = /^execute-api:\/\S*$/;

/**
 * `invalid-arn`: a `Resource`/`NotResource` entry that is not `*` and not a well-formed ARN:
 * wrong prefix, too few parts, unknown partition, malformed Region (reported on the Region part,
 * with a fix for a near miss of a known Region), account that is not 12 digits. Wildcards and
 * policy variables are valid in every part, and the account `aws` names AWS-owned resources.
 * In resource policies the API Gateway short form `execute-api:/...` is accepted. An empty
 * Region is reported for a service whose every resource type has one (`arn:aws:sqs::111122223333:q`
 * names no queue), or when every ARN format the resource part fits has one
 * (`arn:aws:ec2::111122223333:instance/i-1`, though EC2 IPAM ARNs have none), by the catalogue's
 * ARN formats; global resources (IAM, S3 buckets, DynamoDB global tables) keep it empty.
 * A literal Region or account is reported on its own characters when the service never puts one
 * there: no ARN format of the namespace has it (`arn:aws:iam:us-east-1:...`), or the ARN fits a
 * format only without it (`arn:aws:s3::111122223333:my-bucket`; S3 access points keep theirs);
 * its fix empties the part. Reported on the whole string otherwise; non-string entries are reported too.
 */
export const invalidArn: Rule<Data> = {
  code: 'invalid-arn',
  defaultSeverity: 'error',
  description: 'A resource is neither "*" nor a well-formed ARN (prefix, partition, Region, account), leaves out the Region its resource type requires, or names a Region or account its service never has.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ document, policy, catalog }, report) {
    const text = document.getText();
    for (const statement of policy.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        if (!list) continue;
        for (const node of list.invalid) report(node, 'A resource must be a string ("*" or an ARN).', {});
        for (const item of list.items) {
          if (item.value === '') continue; // empty-value
          if (policy.policyType === 'resource' && API_GATEWAY_SHORT_FORM.test(item.value)) continue;
          const problem = arnProblem(item.value);
          const { node, value } = item;
          // Escapes in the JSON string would shift the part's offsets: then the whole string is reported and replaced.
          const verbatim = text.slice(node.offset + 1, node.offset + node.length - 1) === value;
          if (!problem) {
            const missing = missingRegion(catalog, value);
            if (missing) report(node, missing, {});
            for (const extra of extraArnParts(catalog, value)) {
              const title = `Remove the ${extra.part === 'region' ? 'Region' : 'account'} '${value.slice(extra.at.start, extra.at.start + extra.at.length)}'`;
              if (verbatim) report({ offset: node.offset + 1 + extra.at.start, length: extra.at.length }, extra.message, { edit: '', title });
              else report(node, extra.message, { edit: JSON.stringify(value.slice(0, extra.at.start) + value.slice(extra.at.start + extra.at.length)), title });
            }
            continue;
          }
          const { at, replacement } = problem;
          const title = replacement && `Change the Region to '${replacement}'`;
          if (at && verbatim) report({ offset: node.offset + 1 + at.start, length: at.length }, problem.message, { edit: replacement, title });
          else if (at && replacement) report(node, problem.message, { edit: JSON.stringify(value.slice(0, at.start) + replacement + value.slice(at.start + at.length)), title });
          else report(node, problem.message, {});
        }
      }
    }
  },
  fix({ document }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const { edit, title } = (diagnostic.data as Partial<Record<keyof Data, unknown>> | null) ?? {};
    if (typeof edit !== 'string' || typeof title !== 'string' || title === '') return [];
    return [quickFix(title, document, [TextEdit.replace(diagnostic.range, edit)], diagnostic, true)];
  },
};

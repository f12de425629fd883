import type { Catalog } from '../catalog/types';
import { splitArn } from '../semantics/arn';
import { arnProblem } from '../semantics/arnProblems';
import { hasUnknown } from '../semantics/unknown';
import { WildcardPattern } from '../semantics/wildcard';
import type { Rule } from './rule';

/** A `*` or `?` in the service part that is not the whole part. */
const PARTIAL_WILDCARD = /[*?]/;
const ONLY_WILDCARDS = /^[*?]+$/;

/** `'codebuild', 'codecommit' and 5 more` (the known service prefixes the pattern matches), or undefined for none. */
function matchedServices(catalog: Catalog, service: string): string | undefined {
  const pattern = new WildcardPattern(service);
  const names = catalog.servicePrefixes.filter((p) => pattern.test(p));
  if (names.length === 0) return undefined;
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(names.length === 2 ? ' and ' : ', ');
}

/**
 * `wildcard-in-arn-service`: a wildcard in part of a resource ARN's service (`arn:aws:*code*:...`,
 * `arn:aws:s3*:::b`). It matches whichever services happen to share the spelling, today's and
 * tomorrow's (`s3*` takes in S3 Express, Outposts, Tables and Vectors). A service that is only
 * wildcards (`arn:aws:*:*:111122223333:*`) plainly means any service, a deliberate scope by
 * account or Region, and is not reported. Values computed at deploy time are not judged.
 */
export const wildcardInArnService: Rule = {
  code: 'wildcard-in-arn-service',
  defaultSeverity: 'information',
  description: "A resource ARN's service part holds a wildcard (arn:aws:s3*:...): it matches every service so spelled, later ones too.",
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3*:::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ document, policy, catalog }, report) {
    const text = document.getText();
    for (const statement of policy.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        for (const { node, value } of list?.items ?? []) {
          if (!value.startsWith('arn:') || hasUnknown(value)) continue;
          const arn = splitArn(value);
          if (!arn || !PARTIAL_WILDCARD.test(arn.service) || ONLY_WILDCARDS.test(arn.service) || arn.service.includes('${')) continue;
          if (arnProblem(value)) continue; // invalid-arn says what is wrong first
          const matched = matchedServices(catalog, arn.service);
          const message = matched
            ? `The wildcard in the service part '${arn.service}' matches ${matched}, and any service added later with that spelling: name the service.`
            : `The wildcard in the service part '${arn.service}' matches no known service today, but any added later with that spelling: name the service.`;
          const verbatim = text.slice(node.offset + 1, node.offset + node.length - 1) === value;
          report(verbatim ? { offset: node.offset + 1 + arn.offsets[2], length: arn.service.length } : node, message);
        }
      }
    }
  },
};

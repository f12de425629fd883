import { isOpen, splitArn } from './arn';
import { arnProblem } from './invalid-arn';
import { actionAcceptsArn, mayFitTemplate, templatesForNamespace } from './arnTemplates';
import { distinctActions } from './glob';
import type { Rule } from './rule';

/**
 * HACK: the reference merges API Gateway V1 and V2 under `apigateway`, and its `GET`, `POST`,
 * ... list only the V1 resource types, although V2 (`/apis`) takes the same actions. There only
 * the namespace-level check applies.
 */
const MERGED_NAMESPACES = ['apigateway'];

/**
 * `resource-mismatch`: a resource ARN that none of the statement's actions can use, e.g. an
 * S3 object ARN with only `iam:` actions, or any ARN with `s3:ListAllMyBuckets` (which only
 * takes `*`). The entry then grants nothing. Conservative: any action that accepts the ARN
 * (through any of its listed resource types) clears it, wildcards in the ARN may match, and
 * `Action: "*"`, `NotAction` and unknown actions are not judged.
 */
export const resourceMismatch: Rule = {
  code: 'resource-mismatch',
  defaultSeverity: 'warning',
  description: "A resource ARN fits none of the resource types of the statement's actions.",
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::my-bucket" }',
    good: '{ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" }',
  },
  check({ policy, catalog }, report) {
    for (const statement of policy.statements) {
      const items = statement.action?.items ?? [];
      const resources = (statement.resource?.items ?? []).filter((r) => r.value !== '*' && r.value !== '');
      if (resources.length === 0 || items.length === 0 || items.some((i) => i.value === '*' || catalog.matchActions(i.value).length === 0)) continue;
      const actions = distinctActions(statement, catalog);
      for (const resource of resources) {
        if (arnProblem(resource.value)) continue;
        const arn = splitArn(resource.value);
        // Only actions of the ARN's own service are judged: service prefixes and ARN namespaces
        // differ now and then (ssmmessages and ssm sessions), and another service's ARN in a
        // mixed statement is normal. `arn:aws:s3:::*`-style resources are left alone too.
        if (!arn || isOpen(arn.service) || /^[*]+$/.test(arn.resource)) continue;
        const own = actions.filter((a) => a.service === arn.service.toLowerCase());
        if (own.length === 0 || own.some((a) => actionAcceptsArn(a, resource.value, catalog))) continue;
        // With wildcards or variables the data decides alone, and AWS's own policies show it has
        // gaps; then only an ARN that fits no resource type of its service at all is reported.
        const templates = templatesForNamespace(catalog, arn.service);
        const fitsService = templates.length === 0 || templates.some((t) => mayFitTemplate(resource.value, t));
        if ((isOpen(resource.value) || MERGED_NAMESPACES.includes(arn.service.toLowerCase())) && fitsService) continue;
        const names = own.length === 1 ? `'${own[0].fullName}'` : `any of the ${own.length} ${arn.service} actions`;
        const onlyStar = own.every((a) => a.resourceTypes.length === 0);
        const message = !fitsService
          ? `This ARN matches no resource type of the '${arn.service}' namespace; it grants nothing.`
          : onlyStar
            ? `${names} only ${own.length === 1 ? 'supports' : 'support'} "Resource": "*"; this ARN grants nothing.`
            : `This ARN matches no resource type of ${names}; it grants nothing.`;
        report(resource.node, message);
      }
    }
  },
};

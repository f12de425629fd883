import { effectOf } from '../semantics/actionPatterns';
import type { Rule } from './rule';
import { delegatesToAccounts, grantsPermissions } from '../semantics/policyKinds';

/**
 * `service-wildcard`: `svc:*` in an Allow statement grants every action of the service,
 * including those added later. The message counts the Write and Permissions management
 * actions it grants, which is what makes it risky.
 */
export const serviceWildcard: Rule = {
  code: 'service-wildcard',
  defaultSeverity: 'warning',
  description: "Allow with 'service:*' grants every action of a service, writes and permission changes included.",
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy, catalog }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      if (effectOf(statement) !== 'Allow' || delegatesToAccounts(policy, statement)) continue;
      for (const item of statement.action?.items ?? []) {
        const colon = item.value.indexOf(':');
        if (colon <= 0 || item.value.slice(colon + 1) !== '*' || /[*?]/.test(item.value.slice(0, colon))) continue;
        const service = catalog.getService(item.value.slice(0, colon));
        if (!service) continue; // unknown-service
        const writes = service.actions.filter((a) => a.accessLevel === 'Write').length;
        const perms = service.actions.filter((a) => a.accessLevel === 'Permissions management').length;
        report(
          item.node,
          `'${item.value}' grants all ${service.actions.length} actions of ${service.name}, including ${writes} Write and ${perms} Permissions management actions.`,
        );
      }
    }
  },
};

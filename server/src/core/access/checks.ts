// Offline versions of Access Analyzer's two other custom policy checks: "access not granted"
// (actions and resources a policy must never grant) and "no public access" (a resource-based
// policy anyone may use). Both answer "granted" or "public" when unsure.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/types';
import { type PolicyDocument, statementAt } from '../policy';
import { publicPrincipal } from '../rules/public-principal';
import { effectOf } from '../semantics/actionPatterns';
import { resourceCovers, resourcesOverlap } from './containment';
import { isResourceBased, statementRef } from './statements';
import type { AccessCheckItem, AccessCheckViolation, AccessNotGrantedResult, EffectiveAccess, Grant, PublicAccessFinding, PublicAccessResult } from './types';

/**
 * An access-not-granted item as the CLI and the configuration write it: `service:Action` (with
 * wildcards), then after the next colon a resource (`s3:GetObject:arn:aws:s3:::b/*`); `*` alone
 * is every action. What is wrong with it, as a string, otherwise.
 */
export function parseAccessCheckItem(spec: string): AccessCheckItem | string {
  const first = spec.indexOf(':');
  const second = first < 0 ? -1 : spec.indexOf(':', first + 1);
  const action = second < 0 ? spec : spec.slice(0, second);
  const resource = second < 0 ? undefined : spec.slice(second + 1);
  if (spec !== '*' && (first <= 0 || first === action.length - 1 || resource === '')) return `'${spec}' is not service:Action or service:Action:resource`;
  return resource === undefined ? { action } : { action, resource };
}

/** Whether an action pattern of a check names the action (or unmatched pattern): case-insensitive, `*` and `?`. */
const actionNamed = (pattern: string, action: string) => resourcesOverlap(pattern.toLowerCase(), action.toLowerCase(), false, false);

/** Whether the grant may reach the check's resource (a pattern or an ARN): unless shown apart, it does. */
function resourceReached(grant: Grant, resource: string): boolean {
  if (grant.notResources) return !grant.notResources.some((x) => resourceCovers(x, resource, grant.variables, false));
  return grant.resources.some((r) => resourcesOverlap(r, resource, grant.variables, false));
}

/**
 * Access Analyzer's check-access-not-granted, offline: the grants of `access` that reach an
 * item (an action pattern, a resource, or both). Conditional grants, and grants a Deny may
 * limit, count as granted.
 */
export function accessNotGranted(access: EffectiveAccess, items: readonly AccessCheckItem[]): AccessNotGrantedResult {
  const violations: AccessCheckViolation[] = [];
  const granted: { action: string; grants: readonly Grant[] }[] = [
    ...access.services.flatMap((s) => s.levels.flatMap((l) => l.actions)),
    ...access.unmatched.map((u) => ({ action: u.pattern, grants: [u.grant] })),
  ];
  for (const item of items) {
    if (item.action === undefined && item.resource === undefined) continue;
    for (const { action, grants } of granted) {
      if (item.action !== undefined && !actionNamed(item.action, action)) continue;
      for (const grant of grants) if (item.resource === undefined || resourceReached(grant, item.resource)) violations.push({ item, action, grant });
    }
  }
  return { pass: violations.length === 0, violations };
}

/**
 * Access Analyzer's check-no-public-access, offline, for resource-based policies: an Allow to
 * `"*"` without a condition that ties the caller to an account, organization, network or source
 * (the `public-principal` rule's judgement, asked rather than repeated), or an Allow with
 * NotPrincipal (everyone but those listed). A Deny is not weighed against it.
 */
export function noPublicAccess(document: TextDocument, policy: PolicyDocument, catalog: Catalog): PublicAccessResult {
  if (!isResourceBased(policy.policyType) || policy.policyType === 'rcp') return { applies: false, pass: true, findings: [] };
  const findings: PublicAccessFinding[] = [];
  const seen = new Set<number>();
  const actionsOf = (s: NonNullable<ReturnType<typeof statementAt>>) => (s.action ?? s.notAction)?.items.map((i) => (s.action ? i.value : `NotAction ${i.value}`)) ?? [];
  publicPrincipal.check({ document, policy, catalog }, (target, message) => {
    const statement = statementAt(policy, target.offset);
    if (!statement || seen.has(statement.node.offset)) return;
    seen.add(statement.node.offset);
    findings.push({ statement: statementRef(statement, 'Allow'), message, actions: actionsOf(statement) });
  });
  for (const statement of policy.statements) {
    if (effectOf(statement) !== 'Allow' || !statement.notPrincipal || statement.principal || seen.has(statement.node.offset)) continue;
    seen.add(statement.node.offset);
    findings.push({ statement: statementRef(statement, 'Allow'), message: 'Allow with NotPrincipal: every principal but those listed, anonymous callers included, can use it.', actions: actionsOf(statement) });
  }
  findings.sort((a, b) => a.statement.offset - b.statement.offset);
  return { applies: true, pass: findings.length === 0, findings };
}

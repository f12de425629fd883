import type { ValueItem } from '../policy';
import { statementAt } from '../policy';
import { quickFix, replaceStringValue } from '../util/edits';
import { isAllow, principalItems } from '../semantics/principalItems';
import type { Rule } from './rule';

interface Data {
  /** The action that fits every principal of the statement, when there is one. */
  readonly replacement?: string;
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const;
type AssumeAction = (typeof ASSUME_ACTIONS)[number];

/** The assume action a principal uses: AWS accounts, roles and services AssumeRole, SAML providers ...WithSAML, OIDC providers ...WithWebIdentity. */
function actionFor(type: string, value: string): AssumeAction | undefined {
  if (value.includes('*') || value.includes('${')) return undefined;
  if (type === 'AWS' || type === 'Service') return 'sts:AssumeRole';
  if (type === 'Federated') return /:saml-provider\//i.test(value) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
  return undefined;
}

const assumeAction = (item: ValueItem): AssumeAction | undefined => ASSUME_ACTIONS.find((a) => a.toLowerCase() === item.value.toLowerCase());

const KIND: Record<AssumeAction, string> = {
  'sts:AssumeRole': 'AWS accounts, roles, users and services',
  'sts:AssumeRoleWithWebIdentity': 'OIDC and web identity providers (Principal.Federated)',
  'sts:AssumeRoleWithSAML': 'SAML providers (Principal.Federated saml-provider)',
};

/**
 * `trust-action-mismatch`: a trust statement whose assume action does not fit its principals,
 * e.g. an OIDC provider with `sts:AssumeRole` (it needs `sts:AssumeRoleWithWebIdentity`), a
 * SAML provider with `...WithWebIdentity`, or an account with `...WithSAML`. The principal
 * then cannot assume the role. Reported when some principal is left without a fitting action;
 * the fix swaps the action when all principals need the same one.
 */
export const trustActionMismatch: Rule<Data> = {
  code: 'trust-action-mismatch',
  defaultSeverity: 'warning',
  description: 'The trust statement\'s sts:AssumeRole* action does not fit its principal (OIDC needs AssumeRoleWithWebIdentity, SAML AssumeRoleWithSAML, accounts and services AssumeRole).',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      if (!isAllow(statement) || statement.notPrincipal) continue;
      const items = statement.action?.items ?? [];
      // A wildcard (sts:*, sts:AssumeRole*) covers every assume action.
      if (items.some((a) => /[*?]/.test(a.value))) continue;
      const actions = items.filter((a) => assumeAction(a));
      const principals = principalItems(statement).filter((p) => p.element === 'Principal');
      const needed = principals.map((p) => (p.type ? actionFor(p.type, p.value) : undefined));
      // A principal we cannot judge ("*", a variable, CanonicalUser) may use any action.
      if (actions.length === 0 || needed.length === 0 || needed.some((n) => !n)) continue;
      const given = new Set(actions.map(assumeAction));
      const stranded = principals.filter((_, i) => !given.has(needed[i]));
      if (stranded.length === 0) continue;
      const distinct = [...new Set(needed)] as AssumeAction[];
      const replacement = distinct.length === 1 && actions.length === 1 ? distinct[0] : undefined;
      const misfits = actions.filter((a) => !needed.includes(assumeAction(a)));
      if (misfits.length === 0) {
        // Every action serves some principal, but these principals need one the statement lacks.
        for (const p of stranded) {
          const need = actionFor(p.type as string, p.value) as AssumeAction;
          report(p.node, `${p.type} '${p.value}' assumes roles with '${need}', which this statement does not allow, so it cannot assume the role. Add '${need}' to the actions.`, {});
        }
        continue;
      }
      for (const action of misfits) {
        const name = assumeAction(action) as AssumeAction;
        const who = stranded.map((p) => `${p.type} '${p.value}'`).join(', ');
        report(
          action.node,
          `'${action.value}' is for ${KIND[name]}, so ${who} cannot assume the role with it.${replacement ? ` Use '${replacement}'.` : ` Use ${distinct.map((d) => `'${d}'`).join(' or ')}.`}`,
          { replacement },
        );
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (!target) return [];
    const offset = target.offset;
    const node = statementAt(policy, offset)?.action?.items.find((a) => a.node.offset === offset)?.node;
    if (typeof replacement !== 'string' || replacement === '' || node?.type !== 'string') return [];
    // Not preferred, so never applied by fix-all or on save: the swap makes a trust that lets
    // nobody in live, and for a web-identity provider without an `aud`/`sub` condition that
    // means every user of the provider. The author applies it after reading the message.
    return [quickFix(`Change the action to '${replacement}'`, document, [replaceStringValue(document, node, replacement)], diagnostic, false)];
  },
};

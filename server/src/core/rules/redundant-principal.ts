import { DiagnosticTag } from 'vscode-languageserver-types';
import { removeArrayElement } from '../edits/jsonEdits';
import { principalItems } from '../semantics/principalItems';
import { quickFix } from '../util/edits';
import { type Rule, stringTarget } from './rule';

/** `111122223333` or `arn:aws:iam::111122223333:root`: an account principal (ID; partition, ID). */
const ACCOUNT = /^(?:(\d{12})|arn:(aws[a-z-]*):iam::(\d{12}):root)$/;
/** A user, role, assumed-role session or federated user of an account. */
const IN_ACCOUNT = /^arn:(aws[a-z-]*):(?:iam|sts)::(\d{12}):(?:user|role|assumed-role|federated-user)\//;

/** The partition and account of a user, role or session ARN. */
function accountOf(value: string): { partition: string; account: string } | undefined {
  const m = IN_ACCOUNT.exec(value);
  return m ? { partition: m[1], account: m[2] } : undefined;
}

/**
 * `redundant-principal`: a principal that another one of the same statement already admits:
 * the same value twice under one type, or, in a role trust policy, a user or role next to its
 * account (`111122223333` or `arn:aws:iam::111122223333:root`; Access Analyzer's "redundant
 * principal in role trust policy"). The account principal lets every principal of the account
 * whose own policies allow `sts:AssumeRole` assume the role. In other resource policies a
 * principal of the same account named outright needs no identity policy, so there the pair is
 * not redundant and only repeats are reported. The fix removes the entry.
 */
export const redundantPrincipal: Rule = {
  code: 'redundant-principal',
  defaultSeverity: 'hint',
  description: 'A principal is listed twice, or in a role trust policy is already admitted by its account\'s principal in the same statement.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/ci"] }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111122223333:root"] }, "Action": "sts:AssumeRole" }',
  },
  check({ policy }, report) {
    const trust = policy.policyType === 'trust';
    // A bare account ID names the account in the policy's own partition.
    const home = policy.settings.defaultPartition ?? 'aws';
    for (const statement of policy.statements) {
      const items = principalItems(statement).filter((i) => i.type !== undefined);
      if (items.length < 2) continue;
      const seen = new Map<string, (typeof items)[number]>();
      // Account principals by `partition/account`, each once (the first wins).
      const accounts = new Map<string, (typeof items)[number]>();
      const accountKey = (item: (typeof items)[number]) => {
        const m = item.type === 'AWS' && item.element === 'Principal' ? ACCOUNT.exec(item.value) : null;
        return m ? `${m[2] ?? home}/${m[1] ?? m[3]}` : undefined;
      };
      for (const item of items) {
        const key = accountKey(item);
        if (key && !accounts.has(key)) accounts.set(key, item);
      }
      for (const item of items) {
        const key = `${item.element}\u0000${item.type}\u0000${item.value}`;
        const first = seen.get(key);
        if (!first) seen.set(key, item);
        const options = { tags: [DiagnosticTag.Unnecessary] };
        if (first) {
          report(item.node, `'${item.value}' is listed twice.`, undefined, { ...options, related: [{ target: first.node, message: 'First listed here' }] });
          continue;
        }
        if (!trust || item.type !== 'AWS' || item.element !== 'Principal') continue;
        // The same account in both spellings: the later one repeats the first.
        const own = accountKey(item);
        const same = own ? accounts.get(own) : undefined;
        if (same && same.node !== item.node) {
          report(item.node, `'${item.value}' names the same account as '${same.value}'.`, undefined, { ...options, related: [{ target: same.node, message: 'The account is here' }] });
          continue;
        }
        const owner = accountOf(item.value);
        const account = owner && accounts.get(`${owner.partition}/${owner.account}`);
        if (account) {
          report(item.node, `'${item.value}' is already admitted by its account '${account.value}' in this trust policy statement.`, undefined, {
            ...options,
            related: [{ target: account.node, message: 'The account principal is here' }],
          });
        }
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    if (!node || node.parent?.type !== 'array') return [];
    const edit = removeArrayElement(document, node);
    return edit ? [quickFix(`Remove redundant principal '${node.value as string}'`, document, [edit], diagnostic, true)] : [];
  },
};

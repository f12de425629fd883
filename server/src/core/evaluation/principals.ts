// Whether a statement's Principal or NotPrincipal names the request's caller, and how: exactly,
// directly, or through its account (which then needs the account's identity policies too).
import type { StatementModel } from '../policy';
import { principalItems } from '../semantics/principalItems';
import { UNKNOWN } from '../semantics/unknown';
import { DEPLOY_TIME_VALUE, deployTimeMatch } from './context';
import type { AccessRequest } from './evaluate';
import { not, type Tri, unknown } from './tri';
/** The account of a principal or resource ARN, or of a bare account ID. */
export function accountOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  if (/^\d{12}$/.test(arn)) return arn;
  const parts = arn.split(':');
  return parts[0] === 'arn' && /^\d{12}$/.test(parts[4] ?? '') ? parts[4] : undefined;
}

/** Whether a role ARN (`arn:aws:iam::111122223333:role/path/R`) names a session of the role (`arn:aws:sts::111122223333:assumed-role/R/session`): the session ARN drops the path. */
function roleOfSession(role: string, session: string): boolean {
  const s = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(session);
  const r = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(role);
  return !!s && !!r && s[1] === r[1] && s[2] === r[2] && s[3] === r[3];
}

/**
 * How a principal value of a policy names the request's principal, strongest first: `exact` (the
 * same ARN or name), `direct` (`*`, or a role's ARN for its sessions), `account` (an account ID
 * or root ARN, which delegates to the account: its identity-based policies must allow too).
 */
type PrincipalMatch = 'exact' | 'direct' | 'account' | undefined;

/** An account as an AWS principal: `arn:…:iam::ACCOUNT:root` or the bare account ID. */
const ACCOUNT_PRINCIPAL = /^(?:arn:[^:]+:iam::(\d{12}):root|(\d{12}))$/;

function principalMatch(type: string | undefined, value: string, principal: string): PrincipalMatch {
  if (value === '*') return type === undefined || type === 'AWS' ? 'direct' : undefined;
  if (type === 'AWS') {
    // An account delegates, even to a caller given as the account itself.
    const root = ACCOUNT_PRINCIPAL.exec(value);
    if (root) return accountOf(principal) === (root[1] ?? root[2]) ? 'account' : undefined;
    if (value === principal) return 'exact';
    return roleOfSession(value, principal) ? 'direct' : undefined;
  }
  if (type === 'Service' || type === 'Federated' || type === 'CanonicalUser') return value === principal ? 'exact' : undefined;
  return undefined;
}

/** Whether a statement's principal test holds for the request, by strength of the match: any at all, direct or exact. */
interface PrincipalTest {
  readonly any: Tri;
  readonly direct: Tri;
  readonly exact: Tri;
}

export const EVERYONE: PrincipalTest = { any: true, direct: true, exact: true };
const NO_ONE: PrincipalTest = { any: false, direct: false, exact: false };
const STRENGTH = { none: 0, account: 1, direct: 2, exact: 3 } as const;

/** Whether the statement's Principal (or NotPrincipal) selects the request's principal, and how. */
export function principalApplies(statement: StatementModel, request: AccessRequest): PrincipalTest {
  if (!statement.principal && !statement.notPrincipal) return EVERYONE;
  const element = statement.principal ? 'Principal' : 'NotPrincipal';
  const items = principalItems(statement).filter((i) => i.element === element);
  const caller = request.principal;
  if (caller === undefined) {
    // Who is named depends on the caller, except that `*` names everyone (never by their own ARN)
    // and an account never names anyone directly.
    const open = unknown(['principal']);
    const everyone = !!statement.principal && items.some((i) => i.value === '*' && (i.type === undefined || i.type === 'AWS'));
    const named = items.some((i) => i.value !== '*' && !(i.type === 'AWS' && ACCOUNT_PRINCIPAL.test(i.value)));
    return { any: everyone ? true : open, direct: everyone ? true : named ? open : false, exact: named ? open : false };
  }
  let best = 0;
  let computed = false;
  for (const item of items) {
    if (item.value.includes(UNKNOWN)) computed ||= deployTimeMatch(item.value, caller, false) !== false;
    else best = Math.max(best, STRENGTH[principalMatch(item.type, item.value, caller) ?? 'none']);
  }
  // A value computed at deploy time may name the caller in any way.
  const at = (level: number): Tri => (best >= level ? true : computed ? unknown([DEPLOY_TIME_VALUE]) : false);
  if (statement.principal) return { any: at(1), direct: at(2), exact: at(3) };
  // NotPrincipal selects everyone it does not name, as `*` would.
  const selected = not(at(1));
  return selected === false ? NO_ONE : { any: selected, direct: selected, exact: false };
}


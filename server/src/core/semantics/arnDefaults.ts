import type { Node } from 'jsonc-parser';
import { isWellFormedRegion } from '../data/regions';
import type { PolicyDocument, StatementModel } from '../policy';
import { isOpen, PARTITIONS, splitArn } from './arn';

/** Partition, Region and account used to fill `${Partition}`, `${Region}`, `${Account}` in ARN templates. */
export interface ArnDefaults {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
}

const ACCOUNT = /^\d{12}$/;
// Enough statements to find the usual partition, Region and account without walking a 1 MB document.
const MAX_STATEMENTS_SCANNED = 500;

/** Every string value below a node (resources, principals, condition values). */
function visitStrings(node: Node | undefined, visit: (value: string) => boolean): boolean {
  if (!node) return false;
  if (node.type === 'string') return visit(node.value as string);
  for (const child of node.children ?? []) if (visitStrings(child, visit)) return true;
  return false;
}

/**
 * The concrete partition, Region and account the document already uses in some ARN (a
 * resource, a principal, a condition value), in the given statement first, then the others,
 * else the user's settings. Wildcards and variables are never taken as a value; a Region is
 * any code of the Region shape (`eusc-de-east-1` too), the same test invalid-arn makes.
 * Completion and the refactorings share this, so they fill the same ARNs.
 */
export function arnDefaults(policy: PolicyDocument, statement?: StatementModel): ArnDefaults {
  if (!statement) {
    let cached = defaultsCache.get(policy);
    if (!cached) defaultsCache.set(policy, (cached = scan(policy, undefined)));
    return cached;
  }
  return scan(policy, statement);
}

// A policy is immutable once parsed; several statements and groups ask for the same answer.
const defaultsCache = new WeakMap<PolicyDocument, ArnDefaults>();

function scan(policy: PolicyDocument, first: StatementModel | undefined): ArnDefaults {
  let partition: string | undefined;
  let region: string | undefined;
  let account: string | undefined;
  const visit = (value: string): boolean => {
    if (!value.startsWith('arn:')) return false;
    const arn = splitArn(value);
    if (!arn) return false;
    if (!partition && !isOpen(arn.partition) && PARTITIONS.includes(arn.partition)) partition = arn.partition;
    if (!region && !isOpen(arn.region) && isWellFormedRegion(arn.region)) region = arn.region;
    if (!account && ACCOUNT.test(arn.account)) account = arn.account;
    return partition !== undefined && region !== undefined && account !== undefined;
  };
  // A statement's own resources say most about the ARNs it needs; its principals and
  // condition values (another account, often) come after every statement's resources.
  const resources = (s: StatementModel) => [...(s.resource?.items ?? []), ...(s.notResource?.items ?? [])].some((item) => visit(item.value));
  const statements = policy.statements.slice(0, MAX_STATEMENTS_SCANNED);
  const ordered = first ? [first, ...statements.filter((s) => s !== first)] : statements;
  if (!ordered.some(resources)) ordered.some((s) => visitStrings(s.node, visit));
  const { settings } = policy;
  return {
    partition: partition ?? settings.defaultPartition,
    region: region ?? settings.defaultRegion,
    account: account ?? settings.defaultAccountId,
  };
}

import { hasUnknown } from './unknown';
import { isWellFormedRegion, regionMeant, regionPastKnown } from '../data/regions';
import { type ArnParts, isOpen, MAX_ARN_LENGTH, PARTITIONS, splitArn } from './arn';

/** What is wrong with an ARN, where (`at`, inside the value) and the corrected part if it is unambiguous. */
interface ArnProblem {
  readonly message: string;
  readonly part?: keyof ArnParts;
  readonly at?: { readonly start: number; readonly length: number };
  readonly replacement?: string;
}

/**
 * A Region part that cannot be a Region. Empty (global services, S3 buckets), wildcards and
 * policy variables are fine, and so is any code of the Region shape, since a Region launched
 * after our list is not a mistake. AWS Health names its global events `arn:aws:health:global::`.
 * The catalogue's ARN templates all have `${Region}`, empty, `*` or a Region code there.
 */
function regionProblem(arn: ArnParts): ArnProblem | undefined {
  const region = arn.region;
  if (region === '' || region === 'global' || isOpen(region) || isWellFormedRegion(region)) return undefined;
  const meant = regionMeant(region);
  const at = { start: arn.offsets[3], length: region.length };
  if (meant) return { message: `'${region}' is not a Region code: did you mean '${meant}'?`, part: 'region', at, replacement: meant };
  const last = regionPastKnown(region);
  if (last) return { message: `'${region}' is not an AWS Region: the ${last.replace(/-\d+$/, '')} Regions end at ${last}.`, part: 'region', at };
  return { message: `'${region}' is not a Region code such as 'us-east-1' (leave the part empty for global resources).`, part: 'region', at };
}

/** What is wrong with an ARN used as a resource, or undefined when it is well formed. */
export function arnProblem(value: string): ArnProblem | undefined {
  if (value === '*') return undefined;
  // A part computed by the host (`!Sub '${Bucket.Arn}/*'`) may hold any number of ARN parts:
  // only an ARN that starts as one and splits into its parts is judged, part by part.
  if (hasUnknown(value) && (!value.startsWith('arn:') || !splitArn(value))) return undefined;
  if (!value.startsWith('arn:')) {
    if (/^arn:/i.test(value)) return { message: "ARNs start with lowercase 'arn:'." };
    return { message: `'${value}' is not an ARN: a resource is '*' or 'arn:partition:service:region:account:resource'.` };
  }
  if (value.length > MAX_ARN_LENGTH) {
    return { message: `An ARN of ${value.length.toLocaleString('en-US')} characters names no resource: AWS's resource ARNs stay within 2,048 characters.` };
  }
  const arn = splitArn(value);
  if (!arn) {
    // `arn:aws:*`: a last part that is all wildcard may swallow the remaining colons.
    return /:\*+$/.test(value) ? undefined : { message: 'An ARN has six colon-separated parts: arn:partition:service:region:account:resource.' };
  }
  if (!isOpen(arn.partition) && !PARTITIONS.includes(arn.partition)) {
    return { message: `Unknown partition '${arn.partition}': expected one of ${PARTITIONS.join(', ')}.`, part: 'partition' };
  }
  if (!isOpen(arn.service) && !/^[a-z0-9-]+$/.test(arn.service)) {
    return { message: `Invalid service '${arn.service}' in the ARN.`, part: 'service' };
  }
  const region = regionProblem(arn);
  if (region) return region;
  if (!isOpen(arn.account) && arn.account !== '' && arn.account !== 'aws' && !/^\d{12}$/.test(arn.account)) {
    return { message: `Invalid account '${arn.account}': an account ID has 12 digits (or is empty, or 'aws' for AWS-owned resources).`, part: 'account' };
  }
  // AWS accepts `arn:aws:organizations::*:` (a wildcard elsewhere), so only a fully literal ARN needs a resource.
  if (arn.resource === '' && !isOpen(value)) return { message: 'The ARN has no resource part.', part: 'resource' };
  const open = (value.match(/\$\{/g) ?? []).length;
  const close = (value.match(/\}/g) ?? []).length;
  if (open > close) return { message: "A policy variable '${' is not closed with '}'." };
  return undefined;
}

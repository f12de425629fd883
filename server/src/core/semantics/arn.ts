/** The six parts of an ARN; the resource part keeps its own colons. */
export interface ArnParts {
  readonly prefix: string;
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
  /** Offsets of each part inside the ARN string, for exact ranges. */
  readonly offsets: readonly number[];
}

/**
 * The longest resource ARN the analysis compares with ARN templates. AWS's resource ARNs stay
 * within 2,048 characters (an S3 object ARN, the longest common one, within about 1,100), so a
 * longer value names no resource; comparing it with every template would cost its length times
 * theirs, over and over (a 1 MB value took minutes).
 */
export const MAX_ARN_LENGTH = 4096;

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Splits at colons that are not inside a `${...}` policy variable (`${aws:username}` has one). */
export function splitArn(value: string): ArnParts | undefined {
  if (!value.includes('${')) return splitPlain(value);
  const parts: string[] = [];
  const offsets: number[] = [0];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length && parts.length < 5; i++) {
    if (value.startsWith('${', i)) depth++;
    else if (value[i] === '}' && depth > 0) depth--;
    else if (value[i] === ':' && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
      offsets.push(start);
    }
  }
  if (parts.length < 5) return undefined;
  const [prefix, partition, service, region, account] = parts;
  return { prefix, partition, service, region, account, resource: value.slice(start), offsets };
}

/** The common case without variables: five indexOf calls. */
function splitPlain(value: string): ArnParts | undefined {
  const offsets = [0];
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = value.indexOf(':', at + 1);
    if (at < 0) return undefined;
    offsets.push(at + 1);
  }
  const part = (i: number) => value.slice(offsets[i], offsets[i + 1] - 1);
  return { prefix: part(0), partition: part(1), service: part(2), region: part(3), account: part(4), resource: value.slice(offsets[5]), offsets };
}

/** Wildcards or a policy variable: the part may stand for anything. */
export const isOpen = (part: string): boolean => /[*?\uE000]|\$\{/.test(part);

import type { Catalog, ResourceTypeInfo, ServiceInfo } from '../catalog/types';

/** The six parts of an ARN as written (wildcards and variables kept). */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; the resource part keeps its own colons. */
export function parseArn(value: string): ArnParts | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** One pattern element: a literal character, exactly one character, or any run; wildcards may exclude separators. */
interface Token {
  readonly kind: 'char' | 'one' | 'run';
  readonly char?: string;
  /** Characters this wildcard cannot stand for (placeholders such as a bucket name hold no `/`). */
  readonly exclude?: string;
}

const RUN: Token = { kind: 'run' };
const ONE: Token = { kind: 'one' };

/**
 * Tokenises a pattern: `*` is any run and `?` one character. In a template `${...}` is at least
 * one character: earlier placeholders hold no `/` or `:`, the last one anything but `lastExclude`.
 * In user text a policy variable is unknown text, so any run.
 */
function tokens(pattern: string, template: boolean, lastExclude = ''): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const close = c === '$' && pattern[i + 1] === '{' ? pattern.indexOf('}', i) : -1;
    if (close > 0) {
      const exclude = close === pattern.length - 1 ? lastExclude : '/:';
      if (!template) out.push(RUN);
      else out.push({ kind: 'one', exclude }, { kind: 'run', exclude });
      i = close;
    } else if (c === '*') out.push(RUN);
    else out.push(c === '?' ? ONE : { kind: 'char', char: c });
  }
  return out;
}

/** Whether two single-character tokens can stand for the same character. */
function sameChar(a: Token, b: Token): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.char === b.char;
  if (a.kind === 'char') return !b.exclude?.includes(a.char!);
  if (b.kind === 'char') return !a.exclude?.includes(b.char!);
  return true;
}

/** Whether a wildcard can take in the other side's next token (a character, or part of its wildcard). */
function absorbs(run: Token, other: Token): boolean {
  return other.kind !== 'char' || !run.exclude?.includes(other.char!);
}

/**
 * Whether some concrete string matches both token lists: a reachability search over pairs of
 * positions, O(len(a) × len(b)).
 */
function overlap(x: readonly Token[], y: readonly Token[]): boolean {
  const width = y.length + 1;
  const seen = new Uint8Array((x.length + 1) * width);
  const stack = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const s = i * width + j;
    if (!seen[s]) {
      seen[s] = 1;
      stack.push(s);
    }
  };
  while (stack.length > 0) {
    const state = stack.pop()!;
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === x.length && j === y.length) return true;
    const xi = x[i] as Token | undefined;
    const yj = y[j] as Token | undefined;
    if (xi?.kind === 'run') {
      push(i + 1, j);
      if (yj && absorbs(xi, yj)) push(i, j + 1);
    }
    if (yj?.kind === 'run') {
      push(i, j + 1);
      if (xi && absorbs(yj, xi)) push(i + 1, j);
    }
    if (xi && yj && xi.kind !== 'run' && yj.kind !== 'run' && sameChar(xi, yj)) push(i + 1, j + 1);
  }
  return false;
}

/** Splits an ARN into its five fixed parts and the resource part (which may contain colons). */
function segments(arn: string): string[] {
  const parts = arn.split(':');
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Whether a Resource pattern (user text, `*` `?` and variables) can match a resource described
 * by an ARN template. Wildcards do not cross the colons between the first five parts.
 */
export function arnMatchesTemplate(pattern: string, template: string, lastExclude = ''): boolean {
  const p = segments(pattern);
  const t = segments(template);
  if (p.length !== 6 || t.length !== 6) return false;
  return p.every((part, i) => overlap(tokens(part, false), tokens(t[i], true, i === 5 ? lastExclude : '/:')));
}

// Separators the last placeholder of each template cannot hold, per service (see `lastExclusions`).
const exclusionCache = new WeakMap<ServiceInfo, Map<ResourceTypeInfo, string>>();

/**
 * A template's last placeholder may hold `/` and `:` (object keys, role paths, log group names),
 * except where another resource type of the service extends the template with that separator:
 * `${BucketName}/${ObjectName}` shows that a bucket name holds no `/`.
 */
function lastExclusions(service: ServiceInfo): Map<ResourceTypeInfo, string> {
  let map = exclusionCache.get(service);
  if (map) return map;
  map = new Map();
  for (const rt of service.resourceTypes) {
    let exclude = '';
    for (const sep of ['/', ':']) {
      if (service.resourceTypes.some((o) => o !== rt && o.arn.startsWith(rt.arn + sep))) exclude += sep;
    }
    map.set(rt, exclude);
  }
  exclusionCache.set(service, map);
  return map;
}

/** Lower-case service segment of an ARN template (`s3` in `arn:${Partition}:s3:::${BucketName}`). */
function templateService(arn: string): string {
  return arn.split(':')[2]?.toLowerCase() ?? '';
}

/**
 * Resource types of the given services whose ARN template can describe a resource matched by the
 * pattern. Only templates of the same ARN service segment are compared, which keeps it cheap.
 */
export function matchingResourceTypes(pattern: string, services: Iterable<string>, catalog: Catalog): ResourceTypeInfo[] {
  const parsed = parseArn(pattern);
  if (!parsed) return [];
  const serviceSegment = parsed.service.toLowerCase();
  const wildService = /[*?$]/.test(serviceSegment);
  const candidates = new Set<string>(services);
  if (!wildService && catalog.getService(serviceSegment)) candidates.add(serviceSegment);
  const result: ResourceTypeInfo[] = [];
  for (const prefix of candidates) {
    const service = catalog.getService(prefix);
    if (!service) continue;
    const exclusions = lastExclusions(service);
    for (const rt of service.resourceTypes) {
      if (!wildService && templateService(rt.arn) !== serviceSegment) continue;
      if (arnMatchesTemplate(pattern, rt.arn, exclusions.get(rt))) result.push(rt);
    }
  }
  return result;
}

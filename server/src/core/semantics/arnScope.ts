import type { Catalog } from '../catalog/types';
import { isOpen, MAX_ARN_LENGTH, splitArn } from './arn';
import { fitsTemplatePartwise, mayFitTemplate } from './arnTemplates';
import { regionRequired } from './resourcePatterns';
import { isUnknown, unknownAsWildcard } from './unknown';

/** A Region or account written into an ARN whose resource has none: the ARN then matches nothing. */
export interface ExtraArnPart {
  readonly part: 'region' | 'account';
  /** The part's place inside the ARN string. */
  readonly at: { readonly start: number; readonly length: number };
  readonly message: string;
}

/** An ARN format with its Region and account parts and the literal start of its resource part (lower case), to rule it out cheaply. */
interface Form {
  readonly template: string;
  readonly region: string;
  readonly account: string;
  readonly head: string;
}

/** The ARN formats of one namespace, sorted by whether they fill the Region and the account. */
interface NamespaceForms {
  readonly all: readonly Form[];
  /** Formats whose Region part is empty, and those whose account part is empty. */
  readonly noRegion: readonly Form[];
  readonly noAccount: readonly Form[];
}

const formsByCatalog = new WeakMap<Catalog, Map<string, NamespaceForms>>();
const answersByCatalog = new WeakMap<Catalog, Map<string, readonly ExtraArnPart[]>>();
const regionAnswersByCatalog = new WeakMap<Catalog, Map<string, string | null>>();

/** The answer for `value`, computed once per catalogue and ARN text (a policy repeats its ARNs; a hostile one has thousands). */
function cached<T>(store: WeakMap<Catalog, Map<string, T>>, catalog: Catalog, value: string, compute: () => T): T {
  let cache = store.get(catalog);
  if (!cache) store.set(catalog, (cache = new Map()));
  let answer = cache.get(value);
  if (answer === undefined) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(value, (answer = compute()));
  }
  return answer;
}

/** The namespace's formats, sorted once per catalogue and namespace. */
function formsOf(catalog: Catalog, namespace: string): NamespaceForms {
  let cache = formsByCatalog.get(catalog);
  if (!cache) formsByCatalog.set(catalog, (cache = new Map()));
  let forms = cache.get(namespace);
  if (!forms) {
    const parts = catalog.templatesForNamespace(namespace).map((template) => ({ template, arn: splitArn(template) }));
    const all = parts.map(({ template, arn }) => ({
      template,
      region: (arn?.region ?? '*').toLowerCase(),
      account: (arn?.account ?? '*').toLowerCase(),
      head: (arn?.resource ?? '').split(/\$\{|\*/)[0].toLowerCase(),
    }));
    forms = {
      all,
      noRegion: all.filter((_, i) => parts[i].arn?.region === ''),
      noAccount: all.filter((_, i) => parts[i].arn?.account === ''),
    };
    cache.set(namespace, forms);
  }
  return forms;
}

/** Whether a literal or empty part may stand where the format has `part`: empty for empty, the same literal, anything for a placeholder. */
const partMayFit = (part: string, formPart: string): boolean =>
  formPart === '' ? part === '' : /\$\{|\*/.test(formPart) || part.toLowerCase() === formPart;

/**
 * Whether a resource part may start as the format's does: compared up to `literal`, where its
 * first wildcard, variable or computed character is (ARN matching ignores case, as here).
 */
function mayStartAs(resource: string, literal: number, head: string): boolean {
  const n = Math.min(literal, head.length);
  return resource.slice(0, n) === head.slice(0, n);
}

/** A part the author wrote out: not empty, no wildcard, policy variable or value computed at deploy time. */
const isLiteral = (part: string): boolean => part !== '' && !isOpen(part);

/**
 * The Regions and accounts in a resource ARN that its service never puts there, each with the
 * reason. The part is extra when no ARN format of the namespace has one (`arn:aws:iam:us-east-1:...`,
 * an account in a Route 53 ARN), or when the ARN fits a format of the namespace only with the
 * part left empty (an S3 bucket with an account, though S3 access points have one). Formats
 * that differ by resource type are all tried: a part any fitting format allows is fine. Only
 * literal parts are judged; an ARN of an unknown namespace, or with an open service, never.
 */
export function extraArnParts(catalog: Catalog, value: string): readonly ExtraArnPart[] {
  return cached(answersByCatalog, catalog, value, () => computeExtraArnParts(catalog, value));
}

function computeExtraArnParts(catalog: Catalog, value: string): readonly ExtraArnPart[] {
  const arn = value.startsWith('arn:') && value.length <= MAX_ARN_LENGTH ? splitArn(value) : undefined;
  if (!arn || arn.service === '' || isOpen(arn.service)) return [];
  const region = isLiteral(arn.region);
  const account = isLiteral(arn.account);
  if (!region && !account) return [];
  const service = arn.service.toLowerCase();
  const forms = formsOf(catalog, service);
  if (forms.all.length === 0) return [];
  const resource = arn.resource.toLowerCase();
  const open = resource.search(/[*?\uE000]|\$\{/);
  const literal = open < 0 ? resource.length : open;
  const found: ExtraArnPart[] = [];
  const regionAt = { start: arn.offsets[3], length: arn.region.length };
  const accountAt = { start: arn.offsets[4], length: arn.account.length };
  const noRegionAnywhere = forms.noRegion.length === forms.all.length;
  const noAccountAnywhere = forms.noAccount.length === forms.all.length;
  if (region && noRegionAnywhere) {
    found.push({ part: 'region', at: regionAt, message: `No '${service}' ARN has a Region: with '${arn.region}' this ARN matches nothing. Leave the Region empty.` });
  }
  if (account && noAccountAnywhere) {
    found.push({ part: 'account', at: accountAt, message: `No '${service}' ARN has an account: with '${arn.account}' this ARN matches nothing. Leave the account empty.` });
  }
  // The parts left to judge by the formats, the ones already found extra taken out. A partition
  // is one word: a `*` or a computed value there stands for one, so the parts after it are
  // compared in place rather than letting it span their colons.
  const openRegion = region && !noRegionAnywhere;
  const openAccount = account && !noAccountAnywhere;
  if (!openRegion && !openAccount) return found;
  const rebuilt = (r: string, a: string) =>
    unknownAsWildcard(`arn:${isOpen(arn.partition) ? 'aws' : arn.partition}:${arn.service}:${r}:${a}:${arn.resource}`);
  const baseRegion = noRegionAnywhere ? '' : arn.region;
  const baseAccount = noAccountAnywhere ? '' : arn.account;
  // A `*` in the Region or account may span colons into the resource part: then every format is compared.
  const fitting = (r: string, a: string, among: readonly Form[]) => {
    const candidate = rebuilt(r, a);
    const inPlace = !isOpen(r) && !isOpen(a);
    const cheaplyRuledOut = (f: Form) => inPlace && (!partMayFit(r, f.region) || !partMayFit(a, f.account) || !mayStartAs(resource, literal, f.head));
    return among.find((f) => !cheaplyRuledOut(f) && mayFitTemplate(candidate, f.template))?.template;
  };
  // Cheap first: the few formats without the part, then (only if one fits) every format as written.
  const tries: { readonly region: boolean; readonly account: boolean; readonly among: readonly Form[] }[] = [];
  if (openRegion) tries.push({ region: true, account: false, among: forms.noRegion });
  if (openAccount) tries.push({ region: false, account: true, among: forms.noAccount });
  if (openRegion && openAccount) tries.push({ region: true, account: true, among: forms.noRegion.filter((t) => forms.noAccount.includes(t)) });
  for (const attempt of tries) {
    if (attempt.among.length === 0) continue;
    const form = fitting(attempt.region ? '' : baseRegion, attempt.account ? '' : baseAccount, attempt.among);
    if (!form) continue;
    if (fitting(baseRegion, baseAccount, forms.all)) return found;
    if (attempt.region) {
      found.push({ part: 'region', at: regionAt, message: `This ARN fits '${form}' only without its Region: with '${arn.region}' it matches nothing. Leave the Region empty.` });
    }
    if (attempt.account) {
      found.push({ part: 'account', at: accountAt, message: `This ARN fits '${form}' only without its account: with '${arn.account}' it matches nothing. Leave the account empty.` });
    }
    break;
  }
  return found.sort((a, b) => a.at.start - b.at.start);
}

/**
 * Why an ARN whose Region is empty names nothing, or undefined when it may name something.
 * The Region is missing when every ARN format of the service has one (`arn:aws:sqs::111122223333:q`),
 * or when every format the ARN's resource part may fit has one: `arn:aws:ec2::111122223333:instance/i-1`,
 * although EC2's IPAM ARNs have none. Judged only when the Region is written empty, the service
 * is literal and the partition literal or computed whole. A resource part that fits no format
 * of the service is resource-mismatch's; one that may fit a format without a Region is fine.
 */
export function missingRegion(catalog: Catalog, value: string): string | undefined {
  return cached(regionAnswersByCatalog, catalog, value, () => computeMissingRegion(catalog, value) ?? null) ?? undefined;
}

function computeMissingRegion(catalog: Catalog, value: string): string | undefined {
  const arn = value.startsWith('arn:') && value.length <= MAX_ARN_LENGTH ? splitArn(value) : undefined;
  // A partition computed at deploy time (`${AWS::Partition}`) is one word; a `*` there may span colons, so the Region may not be empty.
  if (!arn || arn.region !== '' || (isOpen(arn.partition) && !isUnknown(arn.partition)) || isOpen(arn.service) || arn.service === '') return undefined;
  const service = arn.service.toLowerCase();
  if (regionRequired(catalog, service)) {
    return `Every '${service}' resource has a Region in its ARN: with an empty Region this ARN matches nothing. Name the Region (or '*').`;
  }
  const forms = formsOf(catalog, service);
  const resource = arn.resource.toLowerCase();
  const open = resource.search(/[*?\uE000]|\$\{/);
  const literal = open < 0 ? resource.length : open;
  // The resource part alone, in place: the written Region and account must not rule a format out here.
  const candidate = unknownAsWildcard(`arn:${arn.partition}:${arn.service}:*:*:${arn.resource}`);
  const fitting: Form[] = [];
  for (const f of forms.all) {
    if (!mayStartAs(resource, literal, f.head) || !fitsTemplatePartwise(candidate, f.template)) continue;
    // A format without a Region, or with a `*` there (Braket's simulators, Health events), takes an empty one.
    if (f.region === '' || f.region.includes('*')) return undefined;
    fitting.push(f);
  }
  if (fitting.length === 0) return undefined;
  const example = fitting[0].template;
  const formats = fitting.length === 1 ? `'${example}'` : `${fitting.length} '${service}' ARN formats (e.g. '${example}')`;
  return `This ARN fits ${formats} only with a Region: with an empty Region it matches nothing. Name the Region (or '*').`;
}

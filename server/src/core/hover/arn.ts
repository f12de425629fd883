import type { Catalog, ResourceTypeInfo } from '../catalog/types';
import { MAX_ARN_LENGTH, splitArn } from '../semantics/arn';
import { fitsTemplatePartwise, mayFitTemplate, templatesOf } from '../semantics/arnTemplates';

/** The six parts of an ARN as written (wildcards and variables kept). */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/**
 * Splits `arn:partition:service:region:account:resource`; the resource part keeps its own colons,
 * and a policy variable keeps its colon (`${aws:PrincipalAccount}` is one account part).
 */
export function parseArn(value: string): ArnParts | undefined {
  const parts = splitArn(value);
  if (!parts || parts.prefix !== 'arn') return undefined;
  return { partition: parts.partition, service: parts.service, region: parts.region, account: parts.account, resource: parts.resource };
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
  if (!parsed || pattern.length > MAX_ARN_LENGTH) return [];
  const serviceSegment = parsed.service.toLowerCase();
  const wildService = /[*?$]/.test(serviceSegment);
  const candidates = new Set<string>(services);
  if (!wildService && catalog.getService(serviceSegment)) candidates.add(serviceSegment);
  const close: ResourceTypeInfo[] = [];
  const loose: ResourceTypeInfo[] = [];
  for (const prefix of candidates) {
    const service = catalog.getService(prefix);
    if (!service) continue;
    for (const rt of service.resourceTypes) {
      if (!wildService && templateService(rt.arn) !== serviceSegment) continue;
      // The same test the rules make, so that hover and diagnostics agree on what an ARN names;
      // types that fit part by part come first (see fitsTemplatePartwise).
      const templates = templatesOf(rt.arn);
      if (templates.some((template) => fitsTemplatePartwise(pattern, template))) close.push(rt);
      else if (templates.some((template) => mayFitTemplate(pattern, template))) loose.push(rt);
    }
  }
  return close.length > 0 ? close : loose;
}

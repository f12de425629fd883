/**
 * AWS Region codes, by partition. Used to judge condition values such as
 * `aws:RequestedRegion`; a Region launched after this list was written is reported as
 * unknown until it is added here.
 */
export const regionCodes: readonly string[] = [
  // aws
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  // aws-cn
  'cn-north-1',
  'cn-northwest-1',
  // aws-us-gov
  'us-gov-east-1',
  'us-gov-west-1',
  // aws-eusc (European Sovereign Cloud)
  'eusc-de-east-1',
  // isolated partitions
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'us-isof-east-1',
  'us-isof-south-1',
  'eu-isoe-west-1',
];

const KNOWN: ReadonlySet<string> = new Set(regionCodes);

/** True for a Region code of the list (exact, lower case). */
export function isKnownRegion(code: string): boolean {
  return KNOWN.has(code);
}

/**
 * The known Region a near miss was meant to be: other letter case (`EU-WEST-1`), or a
 * missing dash before the number (`us-east1`). Undefined when there is none.
 */
export function regionMeant(text: string): string | undefined {
  const lower = text.toLowerCase().trim();
  const candidates = [lower, lower.replace(/([a-z])(\d+)$/, '$1-$2'), lower.replace(/_/g, '-')];
  return candidates.find((c) => c !== text && KNOWN.has(c));
}

/**
 * AWS Region codes, by partition. Used to judge condition values such as
 * `aws:RequestedRegion` and the Region part of ARNs, and to find the Region a near miss
 * was meant to be. A code of the Region shape that is missing here (a Region launched
 * after this list was written) is accepted through `isWellFormedRegion`.
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

/**
 * The shape of a Region code: a two-to-four-letter area, one or more words, a number
 * (`eu-west-1`, `us-gov-west-1`, `eusc-de-east-1`).
 */
export const REGION_SHAPE = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
const REGION_CODE = new RegExp(`^${REGION_SHAPE}$`);

/** For each Region prefix of the list (`us-east`, `ap-southeast`), the highest number it has. */
const HIGHEST: ReadonlyMap<string, number> = regionCodes.reduce((map, code) => {
  const [, prefix, n] = /^(.*)-(\d+)$/.exec(code)!;
  return map.set(prefix, Math.max(map.get(prefix) ?? 0, Number(n)));
}, new Map<string, number>());

/**
 * A code of the Region shape whose prefix the list knows but whose number is past the next one
 * AWS would give it (`us-east-7` while us-east ends at 2): not a Region, nor one launched after
 * the list, since AWS numbers the Regions of a prefix in order. Says where the prefix ends.
 */
export function regionPastKnown(code: string): string | undefined {
  const match = /^(.*)-(\d+)$/.exec(code);
  const highest = match && HIGHEST.get(match[1]);
  return highest !== undefined && highest !== null && Number(match![2]) > highest + 1 ? `${match![1]}-${highest}` : undefined;
}

/**
 * True for a Region of the list or a code of the Region shape that may be a Region newer than
 * the list (not one numbered past the next of a known prefix, see `regionPastKnown`).
 */
export function isWellFormedRegion(code: string): boolean {
  return KNOWN.has(code) || (REGION_CODE.test(code) && !regionPastKnown(code));
}

/** Known Regions by their letters and digits alone (`useast1` → `us-east-1`); every key is unique. */
const BY_LETTERS: ReadonlyMap<string, string> = new Map(regionCodes.map((code) => [code.replace(/-/g, ''), code]));

/**
 * The known Region a near miss was meant to be: other letter case (`EU-WEST-1`), or dashes
 * missing or replaced (`us-east1`, `useast-1`, `us_east_1`, surrounding spaces). Undefined when there is none.
 */
export function regionMeant(text: string): string | undefined {
  const meant = BY_LETTERS.get(text.toLowerCase().replace(/[-_\s]/g, ''));
  return meant !== text ? meant : undefined;
}

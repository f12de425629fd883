/**
 * Values a host computes at deploy time (a CloudFormation `!Ref`, `!GetAtt`, the
 * `${Param}` of a `!Sub`, a Terraform `var.x`) reach the analysis as this character: a
 * private-use code point that no IAM value contains. A value that is only unknown is "some
 * valid value" and is not checked; in a value that is partly unknown, the known parts are
 * checked and the unknown ones match anything, like a wildcard that is never broad.
 */
export const UNKNOWN = '\uE000';

const ONLY_UNKNOWN = /^\uE000+$/;

/** Whether the whole value is computed by the host. */
export function isUnknown(value: string): boolean {
  return ONLY_UNKNOWN.test(value);
}

/** Whether some part of the value is computed by the host. */
export function hasUnknown(value: string): boolean {
  return value.includes(UNKNOWN);
}

/** The value with its unknown parts as `*`, for matching (never for judging how broad it is). */
export function unknownAsWildcard(value: string): string {
  return value.includes(UNKNOWN) ? value.replace(/\uE000+/g, '*') : value;
}

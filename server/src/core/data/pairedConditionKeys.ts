/**
 * Condition keys that are only safe next to a related key in the same statement's Condition,
 * after IAM Access Analyzer's MISSING_PAIRED_CONDITION_KEYS security warning ("Using the
 * condition key ... can be overly permissive without also using the following condition
 * keys ..."). The AWS reference names one such key and its partners; any one partner present
 * satisfies the pairing. Keys are compared case-insensitively, as IAM compares them.
 */
export interface PairedConditionKey {
  /** The key that needs a partner, as documented. */
  readonly key: string;
  /** Keys of which at least one must be in the same Condition. */
  readonly partners: readonly string[];
  /** Why, in one clause, for the message. */
  readonly reason: string;
}

export const pairedConditionKeys: readonly PairedConditionKey[] = [
  {
    // Private address ranges repeat from one VPC to the next: an IP range alone admits the same
    // addresses in any VPC, another account's included. AWS names aws:SourceVpc and
    // aws:SourceVpce; aws:SourceVpcArn names the VPC too, so it is accepted as well.
    key: 'aws:VpcSourceIp',
    partners: ['aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceVpcArn'],
    reason: 'private IP ranges repeat across VPCs, so the range alone also matches requests from other VPCs, other accounts\' included',
  },
];

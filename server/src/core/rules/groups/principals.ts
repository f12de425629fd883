import { deletedPrincipal } from '../deleted-principal';
import { invalidPrincipal } from '../invalid-principal';
import { missingPrincipal } from '../missing-principal';
import { oidcTrustWithoutSub } from '../oidc-trust-without-sub';
import { principalInIdentityPolicy } from '../principal-in-identity-policy';
import { publicPrincipal } from '../public-principal';
import type { Rule } from '../rule';
import { trustActionMismatch } from '../trust-action-mismatch';
import { unknownServicePrincipal } from '../unknown-service-principal';

/** The principals rules, in report order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own data type
export const principalRules: readonly Rule<any>[] = [
  principalInIdentityPolicy,
  missingPrincipal,
  invalidPrincipal,
  deletedPrincipal,
  unknownServicePrincipal,
  publicPrincipal,
  oidcTrustWithoutSub,
  trustActionMismatch,
];

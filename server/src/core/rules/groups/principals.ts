import { deletedPrincipal } from '../deleted-principal';
import { federatedPrincipalInResourcePolicy } from '../federated-principal-in-resource-policy';
import { invalidPrincipal } from '../invalid-principal';
import { missingPrincipal } from '../missing-principal';
import { oidcAudienceSetOperator } from '../oidc-audience-set-operator';
import { oidcTrustWithoutSub } from '../oidc-trust-without-sub';
import { principalInIdentityPolicy } from '../principal-in-identity-policy';
import { principalKeyForService } from '../principal-key-for-service';
import { publicPrincipal } from '../public-principal';
import { redundantPrincipal } from '../redundant-principal';
import type { Rule } from '../rule';
import { servicePrincipalWithoutSource } from '../service-principal-without-source';
import { trustActionMismatch } from '../trust-action-mismatch';
import { trustMissingAction } from '../trust-missing-action';
import { trustPolicyElement } from '../trust-policy-element';
import { unknownServicePrincipal } from '../unknown-service-principal';

/** The principals rules, in report order. */
export const principalRules: readonly Rule<unknown>[] = [
  principalInIdentityPolicy,
  missingPrincipal,
  invalidPrincipal,
  federatedPrincipalInResourcePolicy,
  deletedPrincipal,
  unknownServicePrincipal,
  publicPrincipal,
  servicePrincipalWithoutSource,
  principalKeyForService,
  oidcTrustWithoutSub,
  oidcAudienceSetOperator,
  trustActionMismatch,
  trustMissingAction,
  trustPolicyElement,
  redundantPrincipal,
];

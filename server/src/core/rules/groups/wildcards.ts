import { actionStar } from '../action-star';
import { allowNotAction } from '../allow-not-action';
import { allowNotPrincipal } from '../allow-not-principal';
import { allowNotResource } from '../allow-not-resource';
import { createSlrStar } from '../create-slr-star';
import { crossAccountExposure } from '../cross-account-exposure';
import { fullAdmin } from '../full-admin';
import { passroleStar } from '../passrole-star';
import { privilegeEscalation } from '../privilege-escalation';
import type { Rule } from '../rule';
import { serviceWildcard } from '../service-wildcard';

/** The wildcards rules, in report order. */
export const wildcardRules: readonly Rule<unknown>[] = [
  actionStar,
  fullAdmin,
  serviceWildcard,
  allowNotAction,
  allowNotResource,
  allowNotPrincipal,
  passroleStar,
  createSlrStar,
  privilegeEscalation,
  crossAccountExposure,
];

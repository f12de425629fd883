import type { Catalog } from '../catalog/types';
import { isReviewedServicePrincipal } from '../data/servicePrincipals';

const extractedSets = new WeakMap<Catalog, ReadonlySet<string>>();

/**
 * True when a service principal is known: in the reviewed list, matching a Regional
 * pattern, or named in an AWS managed policy (the catalogue's build-time extract, which an
 * older catalogue may lack).
 */
export function isKnownServicePrincipal(catalog: Catalog, principal: string): boolean {
  if (isReviewedServicePrincipal(principal)) return true;
  let extracted = extractedSets.get(catalog);
  if (!extracted) {
    extracted = new Set((catalog.servicePrincipals ?? []).map((p) => p.toLowerCase()));
    extractedSets.set(catalog, extracted);
  }
  return extracted.has(principal.trim().toLowerCase());
}

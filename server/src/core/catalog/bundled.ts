import catalogText from '../../../generated/iam-catalog.json';
import { loadCatalog } from './catalog';
import type { Catalog } from './types';

let bundled: Catalog | undefined;

/** The catalogue embedded in this bundle at build time (parsed on first call). */
export function getBundledCatalog(): Catalog {
  bundled ??= loadCatalog(catalogText);
  return bundled;
}

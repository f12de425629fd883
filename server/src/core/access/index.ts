// Effective access and the access diff (docs/access.md): what a policy grants, what a change
// adds, and the access-not-granted and no-public-access checks.
export { effectiveAccess } from './effectiveAccess';
export { diffAccess } from './diff';
export { accessNotGranted, noPublicAccess, parseAccessCheckItem } from './checks';
export { resourceCovers, resourcesOverlap } from './containment';
export type * from './types';

// The shapes of the effective-access view, the access diff and the two custom checks
// (docs/access.md). Plain data: the CLI prints them as JSON, an LSP request can send them.
import type { AccessLevel } from '../catalog/types';
import type { PolicyType } from '../types';

/** A statement of the policy, with what an editor needs to reveal it. */
export interface StatementRef {
  /** Position in the Statement array (undefined for a lone statement object). */
  readonly index: number | undefined;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** The statement's offsets in the policy's text. */
  readonly offset: number;
  readonly length: number;
}

/** One operator/key test of a Condition. */
export interface ConditionTest {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement's Condition: its tests (ANDed), and in words. */
export interface AccessCondition {
  /** `StringEquals aws:RequestedRegion ["us-east-1","eu-west-1"]; Bool aws:SecureTransport "true"` */
  readonly text: string;
  readonly tests: readonly ConditionTest[];
  /** False when AWS could not read the Condition (not an object of operator blocks, an unknown operator). */
  readonly readable: boolean;
}

/**
 * A Deny that may take part of a grant away but cannot be shown to take all of it (it has a
 * condition, names other resources or principals, or uses NotResource): noted, never applied.
 */
export interface DenyLimit {
  readonly statement: StatementRef;
  /** The Deny's resource patterns; with `notResources`, every resource but those. */
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: AccessCondition;
  /** In a resource-based policy: the principals the Deny names, when not everyone. */
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
}

/** What one Allow statement grants for one action. */
export interface Grant {
  readonly statement: StatementRef;
  /** Resource patterns as written (`*` every resource); with `notResources` set, `["*"]`. */
  readonly resources: readonly string[];
  /** With NotResource: every resource except these. */
  readonly notResources?: readonly string[];
  /** Resource patterns of the statement that unconditional Denies take away wholly. */
  readonly deniedResources?: readonly string[];
  /** Undefined for an unconditional grant. */
  readonly condition?: AccessCondition;
  /** In a resource-based policy: whom (`*` everyone, `AWS:arn:...`, `Service:...`); with `notPrincipals`, `["*"]`. */
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  /** Denies that may limit the grant (see DenyLimit). */
  readonly limitedBy?: readonly DenyLimit[];
  /** Whether `${...}` in the resources are policy variables (Version 2012-10-17). */
  readonly variables: boolean;
}

/** One catalogue action the policy grants. */
export interface ActionAccess {
  /** `service:Name` as AWS spells it. */
  readonly action: string;
  readonly accessLevel: AccessLevel;
  /** One per Allow statement that grants it, in statement order. */
  readonly grants: readonly Grant[];
  /** True when every grant has a condition. */
  readonly conditional: boolean;
}

export interface LevelAccess {
  readonly level: AccessLevel;
  readonly actions: readonly ActionAccess[];
}

export interface ServiceAccess {
  readonly prefix: string;
  readonly name: string;
  /** The access levels with at least one action, in catalogue order. */
  readonly levels: readonly LevelAccess[];
  readonly count: number;
}

/** An Action pattern of an Allow that matches no action of the catalogue (a typo, or an action newer than the catalogue). */
export interface UnmatchedGrant {
  readonly pattern: string;
  readonly grant: Grant;
}

export interface AccessNote {
  readonly statement?: StatementRef;
  readonly message: string;
}

/** What a policy grants (for SCPs, boundaries and session policies: the most it allows). */
export interface EffectiveAccess {
  readonly policyType: PolicyType;
  /** By service prefix. */
  readonly services: readonly ServiceAccess[];
  /** Actions per access level. */
  readonly counts: Readonly<Record<AccessLevel, number>>;
  readonly total: number;
  /** The Write and Permissions management actions, called out for review. */
  readonly writeActions: readonly string[];
  readonly permissionsManagementActions: readonly string[];
  readonly unmatched: readonly UnmatchedGrant[];
  /** Statements read partly or not at all, and why. */
  readonly notes: readonly AccessNote[];
}

/** One (action, resource, condition) of a diff. */
export interface AccessEntry {
  /** A catalogue action, or an Action pattern that matches none (`accessLevel` undefined). */
  readonly action: string;
  readonly accessLevel?: AccessLevel;
  /** A resource pattern; with `exceptResources`, `*`. */
  readonly resource: string;
  readonly exceptResources?: readonly string[];
  /** The condition in words; undefined for an unconditional grant. */
  readonly condition?: string;
  /** In a resource-based policy: to whom; with `exceptPrincipals`, `*`. */
  readonly principal?: string;
  readonly exceptPrincipals?: readonly string[];
  /** The statement that grants it (in the newer policy for added access, the older for removed). */
  readonly statement: StatementRef;
  /** Why the other policy does not grant it as widely. */
  readonly reason: string;
}

/** Access the newer policy grants that the older does not (`added`), and the reverse (`removed`). */
export interface AccessDiff {
  readonly added: readonly AccessEntry[];
  readonly removed: readonly AccessEntry[];
}

/** An entry of an access-not-granted check: an action pattern, a resource (pattern or ARN), or both. */
export interface AccessCheckItem {
  readonly action?: string;
  readonly resource?: string;
}

/** A grant that breaks an access-not-granted item. */
export interface AccessCheckViolation {
  readonly item: AccessCheckItem;
  /** The granted action (or unmatched pattern). */
  readonly action: string;
  readonly grant: Grant;
}

export interface AccessNotGrantedResult {
  readonly pass: boolean;
  readonly violations: readonly AccessCheckViolation[];
}

/** An Allow that anyone may use. */
export interface PublicAccessFinding {
  readonly statement: StatementRef;
  readonly message: string;
  /** The statement's Action (or NotAction) patterns as written. */
  readonly actions: readonly string[];
}

export interface PublicAccessResult {
  /** False for policies that name no principals (identity policies, SCPs, boundaries, session policies) and for RCPs. */
  readonly applies: boolean;
  readonly pass: boolean;
  readonly findings: readonly PublicAccessFinding[];
}

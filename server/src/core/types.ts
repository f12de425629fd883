import type { Catalog } from './catalog/types';
import type { HclParser } from './embedded/hcl';

/** The kinds of policy whose rules differ (principals, required elements, size quota). */
export const POLICY_TYPES = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'] as const;
/** One of the policy kinds. */
export type PolicyType = (typeof POLICY_TYPES)[number];

/**
 * Where an identity policy is stored, which sets its size quota: a managed policy (6,144
 * characters), a role's inline policies (10,240 together), a user's (2,048), a group's
 * (5,120), or an IAM Identity Center permission set's inline policy (32,768).
 */
export const IDENTITY_POLICY_KINDS = ['managed', 'inline', 'user-inline', 'group-inline', 'permission-set'] as const;
export type IdentityPolicyKind = (typeof IDENTITY_POLICY_KINDS)[number];

/** A rule's severity; `off` disables it. */
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** User settings the core understands (the server maps `iamPolicy.*` onto this). */
export interface LanguageSettings {
  /** Severity overrides by rule code. */
  readonly severity?: Readonly<Record<string, RuleSeverity>>;
  /** Policy type forced for this document (from the glob setting or `--policy-type`). */
  readonly policyType?: PolicyType;
  /**
   * With `policyType`: whether the document is thereby said to be a policy, and so analysed as
   * one whatever its text (default). False where the type is only for the documents that turn
   * out to be policies (the CLI's folder walk with `--policy-type`).
   */
  readonly declaredPolicy?: boolean;
  /**
   * Where identity policies are stored, for their size quota (the `identityPolicyKind`
   * setting; a template or Terraform file says it for each policy). Default `inline`, the
   * largest customer quota.
   */
  readonly identityPolicyKind?: IdentityPolicyKind;
  readonly defaultPartition?: string;
  readonly defaultRegion?: string;
  readonly defaultAccountId?: string;
  /** Findings accepted by where they are in the policy (from a project's configuration file; plain JSON cannot hold a suppression comment). */
  readonly suppressions?: readonly PathSuppression[];
  /** Access no policy may grant (the configuration's `mustNotGrant`): the `must-not-grant` rule reports a statement that does. */
  readonly mustNotGrant?: readonly { readonly action?: string; readonly resource?: string }[];
}

/** Findings of `rules` at `path` in the policy or below it (`["Statement", 0, "Resource"]`; `[]` the whole policy) are accepted, for `reason`. */
export interface PathSuppression {
  readonly rules: readonly string[];
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/** Commands of the editor's client that code actions may call; a code action whose command is not named here is not offered. */
export interface ClientCommands {
  /** Picks access levels for a wildcard action (VS Code client: `iamPolicy.narrowWildcardAction`). */
  readonly narrowWildcardAction?: string;
}

/** Options of `getIamLanguageService`. */
export interface LanguageServiceOptions {
  readonly catalog: Catalog;
  /**
   * The HCL parser for Terraform files, once the host has loaded it (a WebAssembly module,
   * loaded asynchronously); without it, Terraform files get nothing.
   */
  readonly hcl?: () => HclParser | undefined;
  /** Client commands the code actions may call; none by default (plain edits only). */
  readonly clientCommands?: ClientCommands;
}

/** What the documentation says of a rule: the facade's `getRules`. */
export interface RuleInfo {
  readonly code: string;
  readonly defaultSeverity: RuleSeverity;
  readonly description: string;
  readonly docUrl: string;
}

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}

export function isIdentityPolicyKind(value: unknown): value is IdentityPolicyKind {
  return typeof value === 'string' && (IDENTITY_POLICY_KINDS as readonly string[]).includes(value);
}

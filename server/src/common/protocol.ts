// Names the client and the server must agree on. Import-free, so the client bundle takes in
// nothing of the server.

/** Commands of the VS Code client (contributed in package.json). */
export const Commands = {
  restartServer: 'iamPolicy.restartServer',
  showOutput: 'iamPolicy.showOutput',
  /** Asks which access levels to keep, then sends `Requests.narrowWildcardAction`. */
  narrowWildcardAction: 'iamPolicy.narrowWildcardAction',
  /** Asks for an action, a resource and context keys, then sends `Requests.checkAccess`. */
  checkAccess: 'iamPolicy.checkAccess',
  /** Opens a file at a range (arguments: uri, LSP range): a request test's code lens reveals the deciding statement. */
  revealRange: 'iamPolicy.revealRange',
  /** Computes the IAM Access view again (its title button). */
  refreshAccess: 'iamPolicy.refreshAccess',
} as const;

/** Custom requests from the client to the server. */
export const Requests = {
  narrowWildcardAction: 'iamPolicy/narrowWildcardAction',
  /** Evaluates a request against the policy of an open document (docs/evaluation.md). */
  checkAccess: 'iamPolicy/checkAccess',
  /** What the policy of an open document grants, and with an older text, what it adds and removes (docs/access.md). */
  access: 'iamPolicy/access',
  /** Actions and resources to offer for a Check Access request on the policy at hand. */
  accessSuggestions: 'iamPolicy/accessSuggestions',
} as const;

/**
 * What the client sends in `initializationOptions`: its settings, and the commands it can run.
 * A code action that calls a client command is offered only to a client that lists it; other
 * LSP editors get the plain edits.
 */
export interface InitializationOptions {
  readonly settings?: ServerSettings;
  readonly commands?: readonly string[];
  /** The URL of the server's build folder, where the browser server fetches the HCL parser's modules. */
  readonly serverFolder?: string;
}

/** Settings section shared by the client and the server. */
export const SETTINGS_SECTION = 'iamPolicy';

/** The `iamPolicy.*` settings as the client sends them. */
export interface ServerSettings {
  readonly enable?: boolean;
  readonly severity?: Record<string, string>;
  readonly policyTypes?: Record<string, string>;
  readonly defaultPartition?: string;
  readonly defaultRegion?: string;
  readonly defaultAccountId?: string;
  readonly identityPolicyKind?: string;
}

/**
 * Documents larger than this are not analysed, so the editor never freezes on them. AWS's
 * largest policy quota is a few tens of KB; 3 MB leaves room for generated policy bundles.
 */
export const MAX_DOCUMENT_SIZE = 3 * 1024 * 1024;

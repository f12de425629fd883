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
}

/**
 * Documents larger than this are not analysed, so the editor never freezes on them. AWS's
 * largest policy quota is a few tens of KB; 3 MB leaves room for generated policy bundles.
 */
export const MAX_DOCUMENT_SIZE = 3 * 1024 * 1024;

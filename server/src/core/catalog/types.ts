import shared from './format.json';

/** One of the five access levels of an IAM action, as the service authorization reference names them. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/**
 * The access levels in our index order: the catalogue stores each action's level as a position
 * in this list. format.json defines it once for this module and scripts/build-catalog.mjs.
 */
export const ACCESS_LEVELS: readonly AccessLevel[] = shared.accessLevels as AccessLevel[];

/** The layout of the generated catalogue that `loadCatalog` reads and the build script writes (format.json). */
export const CATALOG_FORMAT: number = shared.format;

/** A resource type an action accepts, as listed for the action. */
interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

/** One IAM action of one service. */
export interface ActionInfo {
  readonly service: string;
  readonly name: string;
  /** `service:Name`, spelled as AWS documents it. */
  readonly fullName: string;
  readonly description: string;
  readonly accessLevel: AccessLevel;
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

/** A resource type of a service with its ARN template. */
export interface ResourceTypeInfo {
  readonly service: string;
  readonly name: string;
  /** e.g. `arn:${Partition}:s3:::${BucketName}` */
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

/** A condition key (service-specific or global). */
export interface ConditionKeyInfo {
  /** As documented, e.g. `s3:ExistingObjectTag/${TagKey}` or `aws:SourceIp`. */
  readonly key: string;
  readonly type: string;
  readonly description: string;
  /** Service prefix, or `aws` for global keys. */
  readonly service: string;
}

/** A service with its lazily built indexes. */
export interface ServiceInfo {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly ActionInfo[];
  readonly resourceTypes: readonly ResourceTypeInfo[];
  readonly conditionKeys: readonly ConditionKeyInfo[];
  getAction(name: string): ActionInfo | undefined;
  getResourceType(name: string): ResourceTypeInfo | undefined;
}

/** Where the catalogue's data came from. */
export interface CatalogSource {
  readonly package: string;
  readonly version: string;
  readonly updatedAt: string;
}

/** Counts recorded at build time. */
export interface CatalogCounts {
  readonly services: number;
  readonly actions: number;
  readonly resourceTypes: number;
  readonly conditionKeys: number;
  readonly globalConditionKeys: number;
}

/** Read access to IAM services, actions, resource types and condition keys. */
export interface Catalog {
  readonly source: CatalogSource;
  readonly counts: CatalogCounts;
  /** All service prefixes, sorted. */
  readonly servicePrefixes: readonly string[];
  serviceName(prefix: string): string | undefined;
  /** Case-insensitive; unknown prefixes return undefined (no lookup beyond an own-property map). */
  getService(prefix: string): ServiceInfo | undefined;
  /** `svc:Name`, case-insensitive. */
  getAction(fullName: string): ActionInfo | undefined;
  /**
   * Actions matched by an action pattern as IAM matches them: case-insensitive, `*` and `?`
   * anywhere in the action part (`s3:Get*`, `iam:List*Tags`, `*`).
   */
  matchActions(pattern: string): readonly ActionInfo[];
  readonly globalConditionKeys: readonly ConditionKeyInfo[];
  /** Service principals named in AWS managed policies, extracted at build time (sorted). */
  readonly servicePrincipals: readonly string[];
  /**
   * Every ARN template whose namespace (third ARN part, case-insensitive) is this one, across all
   * services, without loading their details: namespaces and action prefixes differ (API Gateway
   * V1 and V2 share `apigateway`, Cloud Control API documents `cloudformation` ARNs).
   */
  templatesForNamespace(namespace: string): readonly string[];
  /** Finds a service or global condition key, resolving `${TagKey}`-style suffix patterns. */
  findConditionKey(key: string): ConditionKeyInfo | undefined;
}

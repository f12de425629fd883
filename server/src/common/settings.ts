import { isIdentityPolicyKind, isPolicyType, type LanguageSettings, listRules, type PolicyType, type RuleSeverity } from '../core';
import { matchGlobMap } from './glob';
import type { ServerSettings } from './protocol';

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
// Every code a severity can name; other keys of the user's map are never looked at, however many there are.
const RULE_CODES = listRules().map((rule) => rule.code);
/**
 * Globs kept from `policyTypes`: each is compiled and tried on every document, so a map with
 * thousands of entries (a generated or hostile settings file) would slow every parse.
 */
const MAX_POLICY_TYPE_GLOBS = 100;
const MAX_GLOB_LENGTH = 500;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const has = (record: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/** Known rule codes mapped to a known severity; looks up each rule code, so the cost does not grow with the map. */
function severityMap(value: unknown): Record<string, RuleSeverity> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, RuleSeverity> = {};
  for (const code of RULE_CODES) {
    const severity = has(value, code) ? value[code] : undefined;
    if (typeof severity === 'string' && SEVERITIES.includes(severity)) out[code] = severity as RuleSeverity;
  }
  return out;
}

/** The first globs of the map whose value names a policy type, in the user's order (the first match wins). */
function policyTypeMap(value: unknown): Record<string, PolicyType> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, PolicyType> = {};
  let kept = 0;
  for (const glob in value) {
    if (!has(value, glob)) continue;
    const type = value[glob];
    if (!isPolicyType(type) || glob.length > MAX_GLOB_LENGTH) continue;
    out[glob] = type;
    if (++kept === MAX_POLICY_TYPE_GLOBS) break;
  }
  return out;
}

/**
 * The `iamPolicy.*` settings as sent by the client (initialization options, configuration
 * answer or change notification), keeping only values of the documented types: a number where
 * a string belongs in someone's settings.json is ignored, never thrown on later.
 */
export function readSettings(value: unknown): ServerSettings {
  if (!isRecord(value)) return {};
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : undefined,
    severity: severityMap(value.severity),
    policyTypes: policyTypeMap(value.policyTypes),
    defaultPartition: stringOf(value.defaultPartition),
    defaultRegion: stringOf(value.defaultRegion),
    defaultAccountId: stringOf(value.defaultAccountId),
    identityPolicyKind: isIdentityPolicyKind(value.identityPolicyKind) ? value.identityPolicyKind : undefined,
  };
}

/**
 * The path of a uri, for matching globs: percent-decoded when it decodes, else as it is (a
 * bare `%` in `100%.json` is not an escape, and a file name must never make analysis fail).
 */
function uriPath(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The core's settings for one document: the server's settings with the policy type its path selects. */
export function documentSettings(settings: ServerSettings, uri: string): LanguageSettings {
  const policyType = settings.policyTypes ? matchGlobMap(settings.policyTypes, uriPath(uri)) : undefined;
  return {
    // readSettings kept only known severities.
    severity: (settings.severity ?? {}) as Readonly<Record<string, RuleSeverity>>,
    policyType: isPolicyType(policyType) ? policyType : undefined,
    defaultPartition: settings.defaultPartition || undefined,
    defaultRegion: settings.defaultRegion || undefined,
    defaultAccountId: settings.defaultAccountId || undefined,
    identityPolicyKind: isIdentityPolicyKind(settings.identityPolicyKind) ? settings.identityPolicyKind : undefined,
  };
}

/** The client's first configuration answer, awaited by every answer that depends on settings. */
export interface FirstSettings {
  /** Settles when the answer `arrived()`, or after the timeout from a client that never answers. */
  readonly ready: Promise<void>;
  arrived(): void;
  /** Whether `ready` settled by the timeout, so that answers given meanwhile used the initial settings. */
  readonly late: boolean;
}

export function awaitFirstSettings(setTimeout: (callback: () => void, ms: number) => { dispose(): void }, timeoutMs: number): FirstSettings {
  let arrived = () => {};
  let late = false;
  const ready = new Promise<void>((resolve) => {
    const timeout = setTimeout(() => {
      late = true;
      resolve();
    }, timeoutMs);
    arrived = () => {
      timeout.dispose();
      resolve();
    };
  });
  return { ready, arrived: () => arrived(), get late() { return late; } };
}

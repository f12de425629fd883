import { type Node, parseTree } from 'jsonc-parser';
import { tooDeepAt, VALID_VERSIONS } from '../policy';
import type { IdentityPolicyKind, PolicyType } from '../types';
import { OffsetMap } from './offsetMap';

/**
 * A policy inside a host document: its own text (what the analysis reads), the map from its
 * offsets to the host's, and how text an edit inserts is written at that place of the host.
 */
export interface EmbeddedPolicy {
  /** A JSON object of the host, or a JSON string of the host that holds the policy's JSON. */
  readonly kind: 'object' | 'string';
  readonly text: string;
  readonly map: OffsetMap;
  /** Where the policy is in the host: the keys and indexes from the host's root. */
  readonly path: readonly (string | number)[];
  /** Inserted text as the host spells it at the policy's place (escaped inside a JSON string). */
  write(text: string): string;
  /**
   * An edit of the policy text (offsets of it) as an edit of the host (host offsets), for hosts
   * whose syntax differs from the policy text's; undefined when it has no host form. Without
   * this, an edit maps through `map` and `write`.
   */
  hostEdit?(start: number, end: number, newText: string): { start: number; end: number; newText: string } | undefined;
  /** The policy type the host gives the policy (a role's trust policy); inferred from content when absent. */
  readonly policyType?: PolicyType;
  /** Where an identity policy is stored, when the host says it (an `AWS::IAM::ManagedPolicy`, an `aws_iam_user_policy`). */
  readonly identityKind?: IdentityPolicyKind;
  /** Where the policy is, in the host's terms (a resource and property), for messages. */
  readonly label?: string;
  /**
   * The same policy read again from the host's new text after an edit inside it (it now spans
   * `start` to `end`), without reading the rest of the host; undefined when the edit changed
   * more than the policy's own content (then the whole host is read again).
   */
  readonly reread?: (newText: string, start: number, end: number) => EmbeddedPolicy | undefined;
}

/** The longest line start kept before a policy object: its indentation and a little more. */
const MAX_INDENT = 200;

/** Policies a host may hold; more would be a generated file no editor feature is for. */
const MAX_EMBEDDED = 1000;

/** A policy object: `Statement` and a valid `Version`, or `Statement` holding statements with `Effect`. */
function isPolicyObject(node: Node): boolean {
  if (node.type !== 'object') return false;
  let statement: Node | undefined;
  let version: Node | undefined;
  for (const property of node.children ?? []) {
    const key = property.children?.[0]?.value;
    if (key === 'Statement') statement = property.children?.[1];
    else if (key === 'Version') version = property.children?.[1];
  }
  if (!statement) return false;
  if (version?.type === 'string' && VALID_VERSIONS.includes(version.value as string)) return true;
  const statements = statement.type === 'array' ? (statement.children ?? []) : [statement];
  return statements.some((s) => s.type === 'object' && (s.children ?? []).some((p) => p.children?.[0]?.value === 'Effect'));
}

/** A string whose text is a JSON policy (`"PolicyDocument": "{\"Version\": ...}"`). */
function policyInString(node: Node): boolean {
  const value = node.value as string;
  if (!/^\s*\{/.test(value) || !value.includes('"Statement"')) return false;
  // Nested too deep to parse (the parser recurses): a policy if it says so; its own parse reports the depth.
  if (tooDeepAt(value) >= 0) return /"Statement"\s*:/.test(value.slice(0, 65536));
  const root = parseTree(value);
  return root !== undefined && isPolicyObject(root);
}

/**
 * The policies inside a JSON host, outside its root: sub-objects that are policies, and
 * strings that hold a policy's JSON. The root itself is the standalone case, analysed as it is.
 */
export function findJsonEmbeddedPolicies(hostText: string, root: Node | undefined): EmbeddedPolicy[] {
  const out: EmbeddedPolicy[] = [];
  if (!root) return out;
  // Depth-first, in document order, without recursion (the tree may be 200 levels deep). Each
  // entry links to its parent's, so a path is built only for the policies found, not copied
  // for every node of a large document.
  interface Entry {
    readonly node: Node;
    readonly key: string | number | undefined;
    readonly up: Entry | undefined;
  }
  const pathOf = (entry: Entry): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let e: Entry | undefined = entry; e && e.key !== undefined; e = e.up) path.unshift(e.key);
    return path;
  };
  const stack: Entry[] = [{ node: root, key: undefined, up: undefined }];
  while (stack.length > 0 && out.length < MAX_EMBEDDED) {
    const entry = stack.pop()!;
    const { node } = entry;
    if (node !== root && node.type === 'object' && isPolicyObject(node)) {
      out.push(objectPolicy(hostText, node, pathOf(entry)));
      continue;
    }
    if (node.type === 'string' && node !== root && policyInString(node)) {
      out.push(stringPolicy(hostText, node, pathOf(entry)));
      continue;
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (node.type === 'object') {
        const value = child.children?.[1];
        if (value) stack.push({ node: value, key: child.children?.[0]?.value as string, up: entry });
      } else if (node.type === 'array') stack.push({ node: child, key: i, up: entry });
    }
  }
  return out;
}

/**
 * A policy object of the host: its text is the host's, preceded by the blanked start of its
 * first line, so that indentation read from the policy text is the host's.
 */
function objectPolicy(hostText: string, node: Node, path: (string | number)[]): EmbeddedPolicy {
  return jsonSlicePolicy(hostText, node.offset, node.length, path);
}

/** A policy that is a slice of a JSON host's text (see objectPolicy). */
export function jsonSlicePolicy(hostText: string, offset: number, length: number, path: (string | number)[]): EmbeddedPolicy {
  const node = { offset, length };
  // Only the line's indentation matters to the edits (and the line may be a megabyte of minified JSON).
  const lineStart = hostText.lastIndexOf('\n', node.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(hostText.slice(lineStart, Math.min(node.offset, lineStart + MAX_INDENT)))![0];
  const lead = indent + ' '.repeat(Math.min(node.offset - lineStart - indent.length, MAX_INDENT));
  return {
    kind: 'object',
    text: lead + hostText.slice(node.offset, node.offset + node.length),
    map: OffsetMap.slice(lead.length, node.offset, node.length),
    path,
    write: (text) => text,
  };
}

/** A policy in a JSON string of the host: the decoded text; inserted text is escaped for the string. */
function stringPolicy(hostText: string, node: Node, path: (string | number)[]): EmbeddedPolicy {
  const { text, map } = OffsetMap.jsonString(hostText.slice(node.offset + 1, node.offset + node.length - 1), node.offset + 1);
  return { kind: 'string', text, map, path, write: (inserted) => JSON.stringify(inserted).slice(1, -1) };
}

import type { Node } from 'jsonc-parser';
import type { Rule } from './rule';

/**
 * `duplicate-key`: the same key twice in one JSON object, e.g. two `StringEquals` blocks in
 * one `Condition` or two `Effect`s in a statement. JSON parsers keep only one of them, so a
 * condition silently disappears. Reported on every repeat, linked to the first.
 */
export const duplicateKey: Rule = {
  code: 'duplicate-key',
  defaultSeverity: 'error',
  description: 'The same key appears twice in one JSON object; only one of them takes effect.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } } }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:SourceVpce": "vpce-1a2b3c4d" } } }',
  },
  check({ policy }, report) {
    if (!policy.root) return;
    // Iterative walk: a deeply nested document must not overflow the stack.
    const stack: Node[] = [policy.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'object') {
        const seen = new Map<string, Node>();
        for (const property of node.children ?? []) {
          const key = property.children?.[0];
          if (key?.type === 'string') {
            const first = seen.get(key.value);
            if (first) {
              report(key, `Duplicate key '${key.value}': JSON keeps only one of them, so the other is silently ignored.`, undefined, {
                related: [{ target: first, message: `First '${key.value}'` }],
              });
            } else seen.set(key.value, key);
          }
          const value = property.children?.[1];
          if (value && (value.type === 'object' || value.type === 'array')) stack.push(value);
        }
      } else if (node.type === 'array') {
        for (const child of node.children ?? []) if (child.type === 'object' || child.type === 'array') stack.push(child);
      }
    }
  },
};

import { quickFix, replaceStringValue } from '../util/edits';
import { type Rule, stringTarget } from './rule';

interface Data {
  readonly replacement: string;
}

/**
 * `duplicate-sid`: two statements share a `Sid`. IAM rejects duplicate Sids, and services
 * such as SQS and SNS require unique ones. Reported on every repeat, linked to the first.
 */
export const duplicateSid: Rule<Data> = {
  code: 'duplicate-sid',
  defaultSeverity: 'error',
  description: 'Two statements have the same Sid.',
  example: {
    bad: '[{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }, { "Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }]',
    good: '[{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }, { "Sid": "Read2", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }]',
  },
  check({ policy }, report) {
    const sids = policy.statements.flatMap((s) => (s.sid && s.sid.value !== '' ? [s.sid] : []));
    const taken = new Set(sids.map((s) => s.value));
    const first = new Map<string, (typeof sids)[number]>();
    // Per Sid, the suffix to try next: 50,000 repeats of one Sid each counting up from 2 took 26 s.
    const nextSuffix = new Map<string, number>();
    for (const sid of sids) {
      const original = first.get(sid.value);
      if (!original) {
        first.set(sid.value, sid);
        continue;
      }
      let n = nextSuffix.get(sid.value) ?? 2;
      while (taken.has(`${sid.value}${n}`)) n++;
      nextSuffix.set(sid.value, n + 1);
      const replacement = `${sid.value}${n}`;
      taken.add(replacement);
      // One related place per repeat, the first use: never a list of every other repeat.
      report(sid.node, `Duplicate Sid '${sid.value}': Sids must be unique within a policy.`, { replacement }, {
        related: [{ target: original.node, message: `First use of Sid '${sid.value}'` }],
      });
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (!node || typeof replacement !== 'string' || replacement === '') return [];
    return [quickFix(`Rename Sid to '${replacement}'`, document, [replaceStringValue(document, node, replacement)], diagnostic, true)];
  },
};

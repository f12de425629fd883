// The effective-access view (docs/access.md) of a 1 MB policy: the generated identity policy of
// the validation benchmark (specific actions and `s3:Get*`-style wildcards, 15% Deny
// statements, 40% conditions), plus a few broad statements that expand against the whole
// catalogue (`NotAction`, `*`) and Denies on resource patterns that must be compared.
import { createRequire } from 'node:module';
import { generatePolicy } from './generate.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

const BROAD = [
  { Sid: 'EverythingButIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
  { Sid: 'ReadAll', Effect: 'Allow', Action: ['*:Describe*', '*:List*', '*:Get*'], Resource: '*' },
  { Sid: 'NoProdDelete', Effect: 'Deny', Action: ['s3:Delete*', 'dynamodb:Delete*'], Resource: ['arn:aws:s3:::prod-*', 'arn:aws:dynamodb:*:*:table/prod-*'] },
  { Sid: 'NoKeyDeletion', Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
];

/** The 1 MB policy's text: the generated statements with the broad ones in front. */
export function accessPolicyText(bytes) {
  const policy = JSON.parse(generatePolicy(bytes - 1000));
  policy.Statement.unshift(...BROAD);
  return JSON.stringify(policy, null, 4) + '\n';
}

/**
 * Median time of `effectiveAccess` over `runs` on one parse of the policy, as the server has it
 * (it parsed the document for its diagnostics) when the view asks; the first run, which also
 * loads every service of the catalogue, is reported apart.
 */
export function accessTimes(core, service, bytes, runs) {
  const text = accessPolicyText(bytes);
  const document = TextDocument.create('file:///bench/access.json', 'json', 1, text);
  const parseStart = performance.now();
  const policy = service.parsePolicy(document);
  const parseMs = performance.now() - parseStart;
  const times = [];
  let access;
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    access = core.effectiveAccess(policy, service.catalog);
    times.push(performance.now() - start);
  }
  const diffStart = performance.now();
  const diff = core.diffAccess(access, access);
  const diffMs = performance.now() - diffStart;
  return {
    bytes: text.length,
    statements: policy.statements.length,
    parseMs,
    firstMs: times[0],
    ms: median(times.slice(1)),
    actions: access.total,
    services: access.services.length,
    diffSelfMs: diffMs,
    diffSelfEntries: diff.added.length + diff.removed.length,
  };
}

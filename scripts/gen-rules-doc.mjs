// Generates docs/rules.md from the rules themselves (code, default severity, description,
// example, whether a quick fix exists), so the documentation cannot drift from the code, and
// from docs/access-analyzer-checks.json, the map of IAM Access Analyzer's policy checks to the
// rules that cover them (it fails when that map names a rule that does not exist).
//   node scripts/gen-rules-doc.mjs          writes docs/rules.md
//   node scripts/gen-rules-doc.mjs --check  fails when docs/rules.md is stale
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/rules.md');
const checksFile = join(root, 'docs/access-analyzer-checks.json');
const GROUPS = [
  ['structure', 'structureRules', 'Structure'],
  ['actions', 'actionRules', 'Actions'],
  ['resources', 'resourceRules', 'Resources'],
  ['wildcards', 'wildcardRules', 'Broad wildcards'],
  ['principals', 'principalRules', 'Principals'],
  ['conditions', 'conditionRules', 'Conditions'],
  ['project', 'projectRules', 'Project checks'],
];

/** The rule groups, read by bundling the TypeScript sources (the rules are the one source). */
async function loadGroups() {
  const contents = [
    ...GROUPS.map(([file, name]) => `export { ${name} } from './server/src/core/rules/groups/${file}';`),
    "export { REQUEST_TEST_DIAGNOSTICS } from './server/src/core/evaluation/requestTests';",
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  const mod = await import('data:text/javascript;base64,' + Buffer.from(result.outputFiles[0].text).toString('base64'));
  const groups = GROUPS.map(([, name, title]) => ({ title, rules: mod[name] ?? [] }));
  // Request-test files (docs/evaluation.md) have diagnostics of their own.
  groups.push({ title: 'Request tests', rules: mod.REQUEST_TEST_DIAGNOSTICS ?? [] });
  return groups;
}

/** Pretty-prints an example when it is plain JSON; fragments with comments stay as written. */
function example(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const escapeCell = (text) => text.replace(/\|/g, '\\|');

/** A mistake in docs/access-analyzer-checks.json: reported as such, without a stack trace. */
class CheckMapError extends Error {}

/** Access Analyzer's finding types, in the order of its reference: our heading, and the severities that match. */
const CHECK_CATEGORIES = [
  ['ERROR', 'Errors', ['error']],
  ['SECURITY_WARNING', 'Security warnings', ['warning']],
  ['WARNING', 'General warnings', ['warning']],
  ['SUGGESTION', 'Suggestions', ['information', 'hint']],
];
const COVERAGES = ['full', 'partial', 'none', 'n/a'];

/**
 * Reads the Access Analyzer map and checks it against the rules, so that it cannot name a rule
 * that was renamed or removed, nor leave a gap unexplained.
 */
function loadChecks(ruleCodes) {
  let checks;
  try {
    checks = JSON.parse(readFileSync(checksFile, 'utf8'));
  } catch (error) {
    throw new CheckMapError(`cannot read ${checksFile}: ${error.message}`);
  }
  if (!Array.isArray(checks)) throw new CheckMapError('docs/access-analyzer-checks.json must hold an array of checks.');
  const problems = [];
  const seen = new Set();
  checks.forEach((check, i) => {
    const where = `check ${i}${typeof check?.code === 'string' ? ` (${check.code})` : ''}`;
    if (typeof check !== 'object' || check === null) return problems.push(`${where} is not an object`);
    if (!CHECK_CATEGORIES.some(([category]) => category === check.category)) problems.push(`${where}: unknown category ${JSON.stringify(check.category)}`);
    if (typeof check.code !== 'string' || !/^[A-Z0-9_]+$/.test(check.code)) problems.push(`${where}: the code must be an issue code such as MISSING_ACTION`);
    else if (seen.has(check.code)) problems.push(`${where}: listed twice`);
    else seen.add(check.code);
    if (typeof check.title !== 'string' || check.title === '') problems.push(`${where}: no title`);
    if (!COVERAGES.includes(check.coverage)) problems.push(`${where}: coverage must be one of ${COVERAGES.join(', ')}`);
    if (!Array.isArray(check.rules)) return problems.push(`${where}: rules must be an array of rule codes`);
    for (const rule of check.rules) if (!ruleCodes.has(rule)) problems.push(`${where}: no rule has the code ${JSON.stringify(rule)}`);
    const covered = check.coverage === 'full' || check.coverage === 'partial';
    if (covered && check.rules.length === 0) problems.push(`${where}: coverage "${check.coverage}" names no rule`);
    if (!covered && check.rules.length > 0) problems.push(`${where}: coverage "${check.coverage}" cannot name rules`);
    if (check.coverage !== 'full' && (typeof check.note !== 'string' || check.note.trim() === '')) problems.push(`${where}: coverage "${check.coverage}" needs a note saying what is missing or why`);
  });
  if (problems.length > 0) throw new CheckMapError(`docs/access-analyzer-checks.json:\n  ${problems.join('\n  ')}`);
  return checks;
}

/**
 * The "Access Analyzer checks" section: one table per finding type, and the counts. A rule's
 * default severity is shown where it does not match the finding type.
 */
function renderChecks(checks, severities) {
  const count = (coverage) => checks.filter((c) => c.coverage === coverage).length;
  const lines = [
    '',
    '## Access Analyzer checks',
    '',
    "IAM Access Analyzer's policy validation (`ValidatePolicy`, the \"Access Analyzer policy check reference\" in",
    'the IAM User Guide) runs the checks below. Each row says which rules report the same problem offline:',
    '**full** when a rule fires on every case the check describes, **partial** when some cases pass (the note',
    'says which), **none** when nothing here reports it yet, and **n/a** when it cannot be judged from the',
    'policy text and its policy type (it needs the resource the policy is attached to, or AWS no longer',
    'runs it). A rule\'s default severity is given where it differs from the finding type (error for',
    'errors, warning for security and general warnings, information or hint for suggestions). The map is',
    'kept in `docs/access-analyzer-checks.json`.',
    '',
    `${checks.length} checks: ${count('full')} full, ${count('partial')} partial, ${count('none')} none, ${count('n/a')} n/a.`,
  ];
  if (checks.some((c) => c.unverified)) lines.push('', '† The issue code was not confirmed against the current reference page.');
  for (const [category, heading, expected] of CHECK_CATEGORIES) {
    const rows = checks.filter((c) => c.category === category);
    if (rows.length === 0) continue;
    lines.push('', `### ${heading}`, '', '| Check | Covered by | Note |', '| --- | --- | --- |');
    for (const check of rows) {
      const rules = check.rules
        .map((code) => `[\`${code}\`](#${code})${expected.includes(severities.get(code)) ? '' : ` (${severities.get(code)})`}`)
        .join(', ');
      const covered = rules ? `${check.coverage}: ${rules}` : check.coverage;
      lines.push(`| ${escapeCell(check.title)}${check.unverified ? ' †' : ''} (\`${check.code}\`) | ${covered} | ${escapeCell(check.note ?? '')} |`);
    }
  }
  return lines;
}

export async function renderRulesDoc() {
  const groups = await loadGroups();
  // Request-test diagnostics are not policy rules, so the map may not name them.
  const severities = new Map(groups.filter((g) => g.title !== 'Request tests').flatMap((g) => g.rules.map((r) => [r.code, r.defaultSeverity])));
  const checks = loadChecks(new Set(severities.keys()));
  const lines = [
    '# Rules',
    '',
    '<!-- Generated by scripts/gen-rules-doc.mjs from server/src/core/rules; do not edit by hand. -->',
    '',
    'Every diagnostic has a stable code, linked here from the editor. Change a severity per code with the',
    '`iamPolicy.severity` setting, e.g. `{ "resource-star": "off" }`. Severities: **error** for what AWS',
    'would reject, **warning** for security findings, **information**/**hint** for style.',
    '',
    'To accept one finding instead of turning its rule off, write a comment with the rule codes and a',
    'reason (after `--`) on the line above it, in YAML and Terraform (`#`) or JSONC (`//`):',
    '',
    '```yaml',
    '# iam-policy-lint-disable-next-line resource-star -- read-only role, reviewed in SEC-142',
    "Resource: '*'",
    '```',
    '',
    '`iam-policy-lint-disable <codes> -- <reason>` anywhere in a file silences those rules in the whole',
    'file. A suppression without a reason silences nothing (`invalid-suppression`); one that silences',
    'nothing is reported too (`unused-suppression`). The editor offers "Suppress … with a reason" as a quick',
    'fix where the file can hold a comment. A plain `.json` policy cannot: AWS rejects comments in a policy.',
    '',
    '| Code | Group | Default severity | Quick fix | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const { title, rules } of groups) {
    for (const rule of rules) {
      lines.push(`| [\`${rule.code}\`](#${rule.code}) | ${title} | ${rule.defaultSeverity} | ${rule.fix ? 'yes' : ''} | ${escapeCell(rule.description)} |`);
    }
  }
  for (const { title, rules } of groups) {
    if (rules.length === 0) continue;
    lines.push('', `## ${title}`);
    for (const rule of rules) {
      lines.push('', `### ${rule.code}`, '', rule.description, '', `Default severity: **${rule.defaultSeverity}**.${rule.fix ? ' Offers a quick fix.' : ''}`);
      if (rule.example) {
        // Examples are JSON policies, or YAML template lines for the template rules.
        const fence = /^[A-Za-z]+:\s/.test(rule.example.bad) ? '```yaml' : '```json';
        lines.push('', 'Triggers the rule:', '', fence, example(rule.example.bad), '```', '', 'Does not:', '', fence, example(rule.example.good), '```');
      }
    }
  }
  lines.push(...renderChecks(checks, severities));
  return `${lines.join('\n')}\n`;
}

// Run directly (not imported): compared as URLs, so a checkout path with spaces works too.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let text;
  try {
    text = await renderRulesDoc();
  } catch (error) {
    if (!(error instanceof CheckMapError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error('docs/rules.md is stale: run `node scripts/gen-rules-doc.mjs`.');
      process.exit(1);
    }
    console.log('docs/rules.md is up to date.');
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`wrote docs/rules.md (${(text.match(/^\| \[`/gm) ?? []).length} rules)`);
  }
}

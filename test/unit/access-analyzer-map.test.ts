// The map of IAM Access Analyzer's policy checks to our rules (docs/access-analyzer-checks.json,
// rendered into docs/rules.md) names only rules that exist, and explains every gap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listRules } from '../../server/src/core';

interface CheckEntry {
  readonly category: string;
  readonly code: string;
  readonly title: string;
  readonly coverage: string;
  readonly rules: readonly string[];
  readonly note?: string;
}

// Tests run from the repository root.
const checks: readonly CheckEntry[] = JSON.parse(readFileSync(join(process.cwd(), 'docs/access-analyzer-checks.json'), 'utf8'));

describe('Access Analyzer check map', () => {
  it('lists checks of the four finding types, each once', () => {
    assert.ok(checks.length > 100, `only ${checks.length} checks`);
    const categories = new Set(['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION']);
    assert.deepEqual(
      checks.filter((c) => !categories.has(c.category)).map((c) => c.code),
      [],
      'every check has one of the finding types',
    );
    const codes = checks.map((c) => c.code);
    assert.deepEqual(
      codes.filter((code, i) => codes.indexOf(code) !== i),
      [],
      'no check is listed twice',
    );
  });

  it('names only rules that exist', () => {
    const known = new Set(listRules().map((r) => r.code));
    const unknown = checks.flatMap((c) => c.rules.filter((rule) => !known.has(rule)).map((rule) => `${c.code}: ${rule}`));
    assert.deepEqual(unknown, []);
  });

  it('names rules exactly for the covered checks', () => {
    const wrong = checks.filter((c) => !['full', 'partial', 'none', 'n/a'].includes(c.coverage) || (c.coverage === 'full' || c.coverage === 'partial') !== c.rules.length > 0);
    assert.deepEqual(
      wrong.map((c) => `${c.code}: ${c.coverage} with ${c.rules.length} rules`),
      [],
    );
  });

  it('explains every check that is partly covered, not covered or not applicable', () => {
    const unexplained = checks.filter((c) => c.coverage !== 'full' && (c.note ?? '').trim() === '');
    assert.deepEqual(
      unexplained.map((c) => `${c.code} (${c.coverage})`),
      [],
    );
  });
});

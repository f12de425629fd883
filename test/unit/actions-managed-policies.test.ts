// Runs every refactoring on every statement of every AWS managed policy (latest version): none
// may throw, every result must parse as a policy, and narrowing or splitting must keep exactly
// the (action, resource type) pairs the statement granted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Range } from 'vscode-languageserver-types';
import { doc, service } from '../helpers/core';
import { grantedPairs } from '../helpers/grants';
import { policies } from '../helpers/managedPolicies';


/** Code actions for a range of a document, the way an editor asks for them. */
function actionsAt(document: TextDocument, from: number, to: number) {
  return service.getCodeActions(document, Range.create(document.positionAt(from), document.positionAt(to)), { diagnostics: [] });
}

describe('refactorings on AWS managed policies', () => {
  it('never throw, always re-parse, and narrowing and splitting keep every granted pair', () => {
    const offered = new Map<string, number>();
    const problems: string[] = [];
    const started = performance.now();
    let slowest = { ms: 0, arn: '' };
    for (const policy of policies) {
      const text = JSON.stringify(policy.versions[policy.latestVersionId].document, null, 4);
      const document = doc(text, `file:///managed/${policy.arn.split('/').pop()}.json`);
      // The whole document (every statement's Resource, split and collapse), then the cursor
      // on the first wildcard action of each statement (expand and narrow by level).
      const t0 = performance.now();
      const actions = actionsAt(document, 0, text.length);
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, arn: policy.arn };
      for (const statement of service.parsePolicy(document).statements) {
        const wildcard = [...(statement.action?.items ?? []), ...(statement.notAction?.items ?? [])].find((i) => i.value.includes('*'));
        if (wildcard) actions.push(...actionsAt(document, wildcard.node.offset + 1, wildcard.node.offset + 1).filter((a) => /^(Expand|Narrow ')/.test(a.title)));
      }
      let pairsBefore: Set<string> | undefined;
      for (const action of actions) {
        const kind = /^(Narrow Resource|Split statement|Expand|Narrow '[^']*' to its|Narrow '[^']*' to chosen|Collapse)/.exec(action.title)![1].replace(/'[^']*'/, "'…'");
        offered.set(kind, (offered.get(kind) ?? 0) + 1);
        const edits = action.edit?.changes?.[document.uri];
        if (!edits) continue;
        const after = TextDocument.applyEdits(document, edits);
        const result = service.parsePolicy(doc(after));
        if (result.syntaxErrors.length > 0 || !result.isPolicy) problems.push(`${policy.arn}: ${action.title}: does not parse`);
        if (/^(Narrow Resource '\*' to ARN templates|Split statement)/.test(action.title)) {
          pairsBefore ??= new Set(grantedPairs(text));
          const pairsAfter = new Set(grantedPairs(after));
          const lost = [...pairsBefore].filter((p) => !pairsAfter.has(p));
          if (lost.length > 0 || pairsAfter.size !== pairsBefore.size) problems.push(`${policy.arn}: ${action.title}: lost ${lost.slice(0, 3).join(', ')}`);
        }
      }
    }
    const total = Math.round(performance.now() - started);
    console.log(`${policies.length} policies in ${total} ms, slowest whole-document request ${Math.round(slowest.ms)} ms (${slowest.arn}); offered: ${JSON.stringify(Object.fromEntries(offered))}`);
    assert.deepEqual(problems.slice(0, 20), []);
    assert.ok(policies.length > 1000, `${policies.length} policies`);
    for (const kind of ['Narrow Resource', 'Split statement', 'Expand', "Narrow '…' to its", "Narrow '…' to chosen", 'Collapse']) assert.ok((offered.get(kind) ?? 0) > 0, kind);
  });
});

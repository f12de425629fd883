// What a user meets in VS Code, checked through the public `vscode` API against the
// extension as installed (the packaged .vsix) or as developed (the clone).
import * as vscode from 'vscode';
import { assert, assertEqual, skip, test, type SuiteConfig } from './harness';
import {
  EXTENSION_ID, applyCodeAction, coveredText, fileUri, getCodeActions, hoverText, labelOf, lf,
  openFixture, openPolicy, rangeOf, readText, textAfterCompletion, waitForDiagnostics, withCode,
} from './helpers';

const GET_OBJECT_DESCRIPTION = 'Grants permission to retrieve objects from Amazon S3';

export function registerTests(config: SuiteConfig): void {
  test('activates on a policy and reports unknown-action on the misspelt action', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert(extension, `${EXTENSION_ID} is not installed`);
    const doc = await openFixture('unknown-action.json');
    // Opening a JSON document activates the extension; this surfaces an activation error at once.
    await extension.activate();
    const [diagnostic, ...others] = withCode(
      await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'an unknown-action diagnostic'),
      'unknown-action',
    );
    assertEqual(others.length, 0, 'number of unknown-action diagnostics');
    assertEqual(coveredText(doc, diagnostic.range), 's3:GetObjekt', 'text covered by unknown-action');
    assert(extension.isActive, 'the extension reported diagnostics but is not active');
  }, { essential: true });

  test(`runs in the ${config.host} extension host${config.extensionPath ? ` from ${config.extensionPath}` : ''}`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert(extension, `${EXTENSION_ID} is not installed`);
    if (config.extensionPath) {
      assertEqual(extension.extensionUri.path, config.extensionPath, 'folder the extension was loaded from');
    }
    // A web worker has importScripts; the Node extension host does not.
    const inWorker = typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';
    assertEqual(inWorker ? 'web' : 'node', config.host, 'extension host the suite runs in');
    assertEqual(extension.extensionKind, config.host === 'web' ? vscode.ExtensionKind.UI : vscode.ExtensionKind.Workspace, 'extensionKind');
  });

  test('reports inside the policies of a YAML CloudFormation template', async () => {
    const doc = await openFixture('template.yaml');
    const found = withCode(await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'unknown-action in template.yaml'), 'unknown-action');
    assertEqual(found.map((d) => coveredText(doc, d.range)).join(','), 's3:GetObjekt', 'text covered by unknown-action in the template');
  });

  test('reports inside the policies of a Terraform file (the HCL parser loads in this host too)', async () => {
    const doc = await openFixture('main.tf');
    const found = withCode(await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length >= 3, 'three unknown-action findings in main.tf'), 'unknown-action');
    assertEqual(found.map((d) => coveredText(doc, d.range)).join(','), 's3:GetObjekt,s3:GetObjekt,sqs:SendMesage', 'texts covered by unknown-action in main.tf');
    // The quick fix on the jsonencode one writes HCL in place.
    const actions = await getCodeActions(doc.uri, found[0].range);
    const fix = actions.find((a) => /^Did you mean\W+s3:GetObject(?!\w)/.test(a.title));
    assert(fix, `no "Did you mean s3:GetObject" action in main.tf; offered: ${actions.map((a) => JSON.stringify(a.title)).join(', ') || '(none)'}`);
    await applyCodeAction(fix);
    const line = doc.getText().split('\n').find((l) => l.includes('s3:ListBucket')) ?? '';
    assertEqual(line.trim(), 'Action   = ["s3:GetObject", "s3:ListBucket"]', 'the jsonencode Action line after the quick fix');
    await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length === 2, 'two unknown-action findings left in main.tf');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('completes "s3:Get" with s3:GetObject, quotes intact', async () => {
    const { doc, cursor } = await openPolicy('complete-action.json', [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Action": "s3:Get|",',
      '      "Resource": "arn:aws:s3:::example-bucket/*"',
      '    }',
      '  ]',
      '}',
    ].join('\n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, cursor);
    const item = list.items.find((i) => labelOf(i) === 's3:GetObject');
    assert(item, `no completion labelled exactly s3:GetObject among ${list.items.length}: ${list.items.slice(0, 15).map(labelOf).join(', ')}`);
    const after = textAfterCompletion(doc, cursor, item);
    assertEqual(after.split('\n')[5], '      "Action": "s3:GetObject",', 'the Action line after accepting s3:GetObject');
  });

  test('hover on an action shows its description', async () => {
    const doc = await openFixture('read-only.json');
    const range = rangeOf(doc, 's3:GetObject');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, range.start.translate(0, 5));
    const text = hoverText(hovers);
    assert(text.includes(GET_OBJECT_DESCRIPTION), `hover text lacks "${GET_OBJECT_DESCRIPTION}": ${JSON.stringify(text.slice(0, 400))}`);
  });

  test('a valid policy has no error diagnostics', async () => {
    // A clean document gives no event to wait on, so break it, wait for the error, undo the
    // break, and wait for the server's answer on the original text.
    const doc = await openFixture('read-only.json');
    const original = doc.getText();
    const spot = rangeOf(doc, '"kms:Decrypt"');
    const broken = new vscode.WorkspaceEdit();
    broken.replace(doc.uri, spot, '"kms:Decrypted"');
    assert(await vscode.workspace.applyEdit(broken), 'could not edit read-only.json');
    await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'unknown-action on kms:Decrypted');
    const restore = new vscode.WorkspaceEdit();
    restore.replace(doc.uri, rangeOf(doc, '"kms:Decrypted"'), '"kms:Decrypt"');
    assert(await vscode.workspace.applyEdit(restore), 'could not restore read-only.json');
    assertEqual(doc.getText(), original, 'text after undoing the break');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length === 0, 'unknown-action to clear');
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assertEqual(errors.map((d) => d.message).join('; '), '', 'errors on a valid policy');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('quick fix "Did you mean s3:GetObject" repairs the action', async () => {
    const doc = await openFixture('unknown-action.json');
    const [diagnostic] = withCode(
      await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'an unknown-action diagnostic'),
      'unknown-action',
    );
    const actions = await getCodeActions(doc.uri, diagnostic.range);
    const fix = actions.find((a) => /^Did you mean\W+s3:GetObject(?!\w)/.test(a.title));
    assert(fix, `no "Did you mean s3:GetObject" action; offered: ${actions.map((a) => JSON.stringify(a.title)).join(', ') || '(none)'}`);
    if ('kind' in fix && fix.kind) {
      assert(vscode.CodeActionKind.QuickFix.contains(fix.kind), `"${fix.title}" has kind ${fix.kind.value}, expected quickfix`);
    }
    await applyCodeAction(fix);
    assertEqual(lf(doc.getText()), lf(await readText(fileUri('fixtures/unknown-action.fixed.json'))), 'whole text after the quick fix');
    await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length === 0, 'unknown-action to clear after the fix');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('code action "Narrow Resource" replaces "Resource": "*"', async () => {
    const doc = await openFixture('resource-star.json');
    // The server has the document once it answers a hover on it (the client sends didOpen first).
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, rangeOf(doc, 's3:GetObject').start.translate(0, 5));
    assert(hoverText(hovers).includes(GET_OBJECT_DESCRIPTION), 'the server did not answer a hover on resource-star.json');
    const star = rangeOf(doc, '"*"');
    const findNarrow = async () => (await getCodeActions(doc.uri, star)).find((a) => /narrow\b.*\bresource/i.test(a.title));
    let narrow = await findNarrow();
    if (!narrow) {
      // The action may hang on a diagnostic that is published a moment after the hover: ask
      // again once diagnostics for this file arrive, if they do.
      await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics on resource-star.json', { deadlineMs: 5_000 }).catch(() => undefined);
      narrow = await findNarrow();
    }
    if (!narrow) {
      const offered = (await getCodeActions(doc.uri, star)).map((a) => JSON.stringify(a.title)).join(', ') || '(none)';
      skip(`no "Narrow Resource" code action is offered on "Resource": "*" yet (issue 6); offered: ${offered}`);
    }
    await applyCodeAction(narrow);
    const resourceLine = doc.getText().split('\n').find((line) => line.includes('"Resource"')) ?? '';
    assert(!resourceLine.includes('"*"') && /arn:[^"]*:s3:/.test(doc.getText()), `Resource not narrowed to an S3 ARN: ${doc.getText()}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a request-test file runs its tests: a failing expectation is a diagnostic, code lenses show results and reveal the deciding statement', async () => {
    // The policy is opened first: the browser build reads only open files.
    const policy = await openFixture('read-only.json');
    const doc = await openFixture('invoices.iam-tests.yaml');
    const [failed, ...others] = withCode(
      await waitForDiagnostics(doc.uri, (d) => withCode(d, 'request-test-failed').length > 0, 'a request-test-failed diagnostic'),
      'request-test-failed',
    );
    assertEqual(others.length, 0, 'number of failing tests');
    assertEqual(failed.range.start.line, 10, 'line of the failing expect');
    assertEqual(coveredText(doc, failed.range), 'Allow', 'text covered by request-test-failed');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assertEqual(lenses.map((l) => l.command?.title).join(' | '), '✓ Allow by read-only.json:4 Allow "ReadInvoices" | ✗ ImplicitDeny, expected Allow', 'code lens titles');
    const reveal = lenses[0].command!;
    assertEqual(reveal.command, 'iamPolicy.revealRange', 'code lens command');
    await vscode.commands.executeCommand(reveal.command, ...(reveal.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assertEqual(editor?.document.uri.toString(), policy.uri.toString(), 'document the code lens opened');
    assertEqual(editor?.selection.start.line, 3, 'line of the deciding statement');
  });

  test('the IAM Access view computes what the active policy grants, by service, access level and action', async () => {
    const extension = vscode.extensions.getExtension<{ accessView(): Promise<{ total: number; services: { prefix: string; levels: { level: string; actions: { action: string }[] }[] }[] } | null> }>(EXTENSION_ID);
    assert(extension, `${EXTENSION_ID} is not installed`);
    const api = await extension.activate();
    await openFixture('read-only.json');
    const view = await api.accessView();
    assert(view, 'the view has nothing for read-only.json');
    const actions = view.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => `${l.level} ${a.action}`)));
    assertEqual(actions.join(', '), 'Write kms:Decrypt, List s3:ListBucket, Read s3:GetObject', 'actions the view lists');
  });

  test('commands are registered and "Restart Language Server" brings the server back', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['iamPolicy.restartServer', 'iamPolicy.showOutput', 'iamPolicy.narrowWildcardAction', 'iamPolicy.checkAccess']) {
      assert(commands.includes(id), `command ${id} is not registered`);
    }
    await vscode.commands.executeCommand('iamPolicy.showOutput');
    const doc = await openFixture('unknown-action.json');
    await waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'unknown-action before the restart');
    const republished = waitForDiagnostics(doc.uri, (d) => withCode(d, 'unknown-action').length > 0, 'unknown-action from the restarted server', { onlyNew: true });
    await vscode.commands.executeCommand('iamPolicy.restartServer');
    await republished;
    const { doc: scratch, cursor } = await openPolicy('after-restart.json', '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:Get|", "Resource": "*"}}');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', scratch.uri, cursor);
    assert(list.items.some((i) => labelOf(i) === 's3:GetObject'), 'no s3:GetObject completion after the restart');
  });
}

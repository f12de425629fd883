// The analysis core under plain node: parse a policy, validate it, ask for a completion.
// Run after `npm run build`: node examples/api/lint-with-facade.mjs
import { createRequire } from 'node:module';
import { TextDocument } from 'vscode-languageserver-textdocument';

const require = createRequire(import.meta.url);
const { getIamLanguageService, getBundledCatalog } = require('../../dist/core.js');

const ls = getIamLanguageService({ catalog: getBundledCatalog() });
const text = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }] }';
const document = TextDocument.create('file:///example.json', 'json', 1, text);
const policy = ls.parsePolicy(document);

console.log(`policy type: ${policy.policyType} (${policy.policyTypeSource})`);
for (const d of ls.doValidation(document, policy)) {
  console.log(`${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);
}
const position = document.positionAt(text.indexOf('s3:Get') + 6);
const labels = ls.doComplete(document, position, policy).items.map((i) => i.label);
console.log(`completions after "s3:Get": ${labels.slice(0, 5).join(', ')}, … (${labels.length} in all)`);

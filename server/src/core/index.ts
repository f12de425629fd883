// The public API of the analysis core, for embedding it in other tools (see examples/api/).
export { getBundledCatalog } from './catalog/bundled';
export { loadCatalog } from './catalog/catalog';
export type * from './catalog/types';
export { type EmbeddedPolicies, getIamLanguageService, type IamLanguageService, listRules } from './languageService';
export type { EmbeddedParse } from './embedded/hostService';
export type { EmbeddedPolicy } from './embedded/jsonHost';
export type { HclNode, HclParser } from './embedded/hcl';
export { LineStarts } from './embedded/lines';
export type { PolicyFileReference } from './embedded/terraformHost';
export { isTerraformDocument, isTerraformTemplate, languageIdOfFile, needsHclParser, type PolicyDocument, type StatementModel } from './policy';
export type { NarrowCommandArgs } from './actions/narrowAction';
// Helpers the shells share with the core, so that they match and suggest as it does.
export { WildcardPattern } from './semantics/wildcard';
export { arnDefaults } from './semantics/arnDefaults';
export { type AccessRequest, type AccessResult, type ContextValue, type Decision, evaluateAccess, type EvaluatedPolicy, readRequestContext, type StatementResult } from './evaluation/evaluate';
export {
  EXPECTATIONS,
  type Expectation,
  meetsExpectation,
  type PolicyReference,
  readRequestTests,
  REQUEST_TEST_DIAGNOSTICS,
  REQUEST_TEST_FILE,
  type RequestTest,
  type RequestTestFile,
  type RequestTestOutcome,
  runRequestTest,
  testPolicyFromText,
  type TestPolicy,
  UNEVALUABLE_CODES,
} from './evaluation/requestTests';
export { completeRequestTest, hoverRequestTest, outcomeMarkdown, requestTestDiagnostics, requestTestLenses } from './evaluation/requestTestEditor';
export { closestMatches } from './util/suggest';
export * from './types';
export * from './access';

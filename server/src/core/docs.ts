/** Where rule documentation lives; each rule has an anchor named after its code. */
const RULES_DOC_URL = 'https://github.com/iam-policy-tools/iam-policy-language-tools/blob/main/docs/rules.md';

/** The diagnostic `source` of every finding. */
export const DIAGNOSTIC_SOURCE = 'iam-policy';

export function ruleDocUrl(code: string): string {
  return `${RULES_DOC_URL}#${code}`;
}

import { printParseErrorCode, visit } from 'jsonc-parser';
import { MAX_NESTING } from '../policy';
import type { Rule } from './rule';

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Property name expected.',
  ValueExpected: 'Value expected.',
  ColonExpected: 'Colon expected.',
  CommaExpected: 'Comma expected.',
  CloseBraceExpected: "Closing brace '}' expected.",
  CloseBracketExpected: "Closing bracket ']' expected.",
  EndOfFileExpected: 'End of file expected.',
  InvalidCommentToken: 'Comments are not valid in JSON; IAM rejects them.',
  UnexpectedEndOfComment: 'Unterminated comment.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character in string.',
};

// Strings are matched whole so that the `/*` of an ARN such as `arn:aws:s3:::b/*` is skipped.
const LENIENT_SYNTAX = /"(?:[^"\\]|\\.)*"|(\/[/*]|,\s*[}\]])/g;

/** Whether the text has a comment or a trailing comma outside strings (what the tolerant parse let through). */
function hasCommentOrTrailingComma(text: string): boolean {
  LENIENT_SYNTAX.lastIndex = 0;
  for (let m = LENIENT_SYNTAX.exec(text); m; m = LENIENT_SYNTAX.exec(text)) if (m[1]) return true;
  return false;
}

/**
 * Findings per document: text that is not JSON at all (a binary file, say) has an error at
 * nearly every character, and a thousand of them say nothing the first ones did not.
 */
const MAX_FINDINGS = 100;

/** The offset of a comma that only white space separates from `offset`, or -1. */
function commaBefore(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i >= 0 && text[i] === ',' ? i : -1;
}

/**
 * `json-syntax`: the document is not valid JSON. IAM rejects such a policy outright. The
 * parser is tolerant, so the other rules still run on what it could read. Comments and
 * trailing commas are accepted by the parser but reported here, because IAM rejects both,
 * except in `.jsonc` documents.
 */
export const jsonSyntax: Rule = {
  code: 'json-syntax',
  defaultSeverity: 'error',
  description: 'The policy is not valid JSON (IAM rejects comments and trailing commas too).',
  example: {
    bad: '{ "Version": "2012-10-17" "Statement": [{ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" },] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" }] }',
  },
  check({ document, policy }, report) {
    if (policy.tooDeep) {
      const deep = policy.syntaxErrors[0];
      report({ offset: deep.offset, length: 1 }, `Nested deeper than ${MAX_NESTING} levels; no IAM policy nests that deep, so the rest is not read.`);
      return;
    }
    const text = document.getText();
    // A .jsonc file chose comments on purpose (it is stripped before it reaches IAM): only
    // real syntax errors count there.
    const jsonc = document.languageId === 'jsonc' || /\.jsonc$/i.test(document.uri);
    if (jsonc) {
      for (const error of policy.syntaxErrors) {
        report({ offset: error.offset, length: Math.max(1, error.length) }, MESSAGES[printParseErrorCode(error.error)] ?? 'Invalid JSON.');
      }
      return;
    }
    // The strict second parse is only needed where the tolerant one was lenient.
    if (policy.syntaxErrors.length === 0 && !hasCommentOrTrailingComma(text)) return;
    const seen = new Set<number>();
    // Parsed again strictly: the policy model's parse accepts comments and trailing commas.
    visit(
      text,
      {
        onError(error, offset, length) {
          if (seen.has(offset) || seen.size >= MAX_FINDINGS) return; // one finding per place; the parser often reports two
          seen.add(offset);
          const code = printParseErrorCode(error);
          const comma = commaBefore(text, offset);
          if (comma >= 0 && (text[offset] === '}' || text[offset] === ']')) {
            report({ offset: comma, length: 1 }, 'Trailing comma: IAM does not accept it.');
            return;
          }
          // Zero-length errors (at end of file, say) still need a visible character.
          const start = Math.min(offset, Math.max(0, text.length - 1));
          const size = length > 0 ? length : Math.min(1, text.length - start);
          report({ offset: start, length: size }, MESSAGES[code] ?? `${code}.`);
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  },
};

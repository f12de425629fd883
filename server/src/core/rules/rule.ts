import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import type { PolicyDocument } from '../policy';
import type { RuleSeverity } from '../types';

/** What a rule sees: the parsed policy, its text and the IAM catalogue. */
export interface RuleContext {
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
  readonly catalog: Catalog;
}

/** A span of the document: a JSON node, or an explicit offset and length inside one. */
export type Target = Node | { readonly offset: number; readonly length: number };

/** Extra facts for one report. */
interface ReportOptions {
  /** Other places that make up the finding (the first Sid of a duplicate, ...). */
  readonly related?: readonly { readonly target: Target; readonly message: string }[];
  /** Tags such as deprecated/unnecessary. */
  readonly tags?: Diagnostic['tags'];
}

export type Report<D> = (target: Target, message: string, data?: D, options?: ReportOptions) => void;

/** What a fix sees: the policy (a view of the diagnostic's statement) and the node the diagnostic was reported on, when it was reported on one. */
interface FixContext extends RuleContext {
  /** Found by the path the diagnostic carries in its `data`; undefined when the text has changed under it or the finding is a span inside a node. */
  readonly target: Node | undefined;
}

/** The fix's target when it is a string (an action, a key, a value). */
export const stringTarget = (target: Node | undefined): Node | undefined => (target?.type === 'string' ? target : undefined);

/** One check with a stable code. The runner stamps code, source, severity and the docs link. */
export interface Rule<D = unknown> {
  /** Stable, kebab-case, never renamed once released. */
  readonly code: string;
  readonly defaultSeverity: RuleSeverity;
  /** One line; the rules table in docs/rules.md is generated from it. */
  readonly description: string;
  /** A policy (or fragment) that triggers the rule, and the corrected one; used for docs/rules.md. */
  readonly example?: { readonly bad: string; readonly good: string };
  check(ctx: RuleContext, report: Report<D>): void;
  fix?(ctx: FixContext, diagnostic: Diagnostic & { data: D }): CodeAction[];
}

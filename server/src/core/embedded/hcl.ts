/**
 * The HCL syntax tree the Terraform reader walks: the part of a tree-sitter node's interface
 * it uses (the grammar is tree-sitter-hcl's `terraform` dialect). The core only reads trees;
 * the server and the CLI load the parser (a WebAssembly module, loaded asynchronously) and
 * hand it over through `LanguageServiceOptions.hcl`, so the core stays synchronous and pure.
 */
export interface HclNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly childCount: number;
  readonly namedChildCount: number;
  /** Every named child, in one call (`namedChild(i)` walks from the first child: quadratic in a loop). */
  readonly namedChildren: readonly (HclNode | null)[];
  child(index: number): HclNode | null;
  namedChild(index: number): HclNode | null;
  childForFieldName(name: string): HclNode | null;
  readonly hasError: boolean;
}

/**
 * Parses HCL text and hands the tree's root to `use` (the tree lives in WebAssembly memory
 * and is freed when `use` returns); undefined when the text cannot be parsed, or its parse
 * took too long and was given up (hostile text must not freeze the caller). With `range`,
 * only that part of the text is parsed (as a file of its own), its nodes at their offsets in
 * the whole text: one block read again after an edit inside it.
 */
export interface HclParser {
  read<T>(text: string, use: (root: HclNode) => T, range?: { readonly start: number; readonly end: number }): T | undefined;
}

/** The named children of a node. */
export function namedChildren(node: HclNode): HclNode[] {
  return node.namedChildren.filter((n): n is HclNode => n !== null);
}

/** The first named child of a type. */
export function childOfType(node: HclNode, type: string): HclNode | undefined {
  return node.namedChildren.find((n): n is HclNode => n?.type === type);
}

// The HCL parser for Terraform files: tree-sitter's HCL grammar (terraform dialect) run by
// web-tree-sitter, both WebAssembly. The node server and the CLI read the two modules from
// the build folder; the browser server fetches them next to its script. Loading is
// asynchronous; the core gets the parser through LanguageServiceOptions.hcl once it is ready.
import { Language, Parser } from 'web-tree-sitter';
import { type HclNode, type HclParser, LineStarts } from '../core';

/** The file names of the two modules in the build folder (dist/server/). */
export const HCL_WASM = { runtime: 'web-tree-sitter.wasm', grammar: 'tree-sitter-terraform.wasm' } as const;

/**
 * How long one parse may take before it is given up: 200 ms and 1.5 ms per KB parsed, about
 * three times what tree-sitter needs for ordinary HCL. Its error recovery can cost far more
 * on hostile text (a megabyte of unclosed `${` took 40 s), which must not freeze the server.
 */
const parseBudgetMs = (length: number) => 200 + (1.5 * length) / 1024;

/** A parser over the two modules' bytes. */
export async function loadHclParser(runtime: Uint8Array, grammar: Uint8Array): Promise<HclParser> {
  await Parser.init({ wasmBinary: runtime });
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    read<T>(text: string, use: (root: HclNode) => T, range?: { readonly start: number; readonly end: number }): T | undefined {
      const includedRanges = range && [{ startIndex: range.start, endIndex: range.end, startPosition: pointAt(text, range.start), endPosition: pointAt(text, range.end) }];
      const deadline = performance.now() + parseBudgetMs(range ? range.end - range.start : text.length);
      const tree = parser.parse(text, null, { includedRanges, progressCallback: () => performance.now() > deadline });
      if (!tree) {
        // Given up: the next parse starts afresh instead of resuming this one.
        parser.reset();
        return undefined;
      }
      try {
        return use(tree.rootNode as unknown as HclNode);
      } finally {
        tree.delete();
      }
    },
  };
}

/** The line starts of the last text a range was parsed in (a file that does not parse is parsed block by block). */
let lines: { readonly text: string; readonly starts: LineStarts } | undefined;

/** The row and column of an offset (rows count line feeds, as tree-sitter does). */
function pointAt(text: string, offset: number): { row: number; column: number } {
  if (lines?.text !== text) lines = { text, starts: new LineStarts(text) };
  return lines.starts.point(offset);
}

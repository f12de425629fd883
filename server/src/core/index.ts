// The public API of the analysis core, for embedding it in other tools (see examples/api/).
export { getBundledCatalog } from './catalog/bundled';
export { loadCatalog } from './catalog/catalog';
export type * from './catalog/types';
export { getIamLanguageService, type IamLanguageService } from './languageService';
export type { PolicyDocument, StatementModel } from './policy';
export * from './types';

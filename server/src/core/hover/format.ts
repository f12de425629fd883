import type { Catalog } from '../catalog/types';

/** The service authorization reference page of a service (the slug is its name, alphanumerics only). */
export function serviceReferenceUrl(catalog: Catalog, prefix: string): string {
  const name = catalog.serviceName(prefix) ?? prefix;
  const slug = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
}

/** The short footer under every hover: which IAM data answered. */
export function dataFooter(catalog: Catalog): string {
  const date = catalog.source.updatedAt.slice(0, 10);
  return `<sub>IAM data: ${catalog.source.package} ${catalog.source.version}${date ? ` (${date})` : ''}</sub>`;
}

/** Escapes markdown punctuation in text that comes from data. */
export function md(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

import type { ActionInfo, Catalog } from '../catalog/types';
import { dataFooter, md, serviceReferenceUrl } from './format';

const MAX_KEYS = 20;

/** Markdown describing one action: description, access level, resource types, condition keys. */
export function actionHover(action: ActionInfo, catalog: Catalog): string {
  const service = catalog.getService(action.service)!;
  const lines = [`**${action.fullName}** · ${action.accessLevel}`, '', md(action.description), ''];
  if (action.resourceTypes.length > 0) {
    lines.push('**Resource types**', '');
    for (const rt of action.resourceTypes) {
      const arn = service.getResourceType(rt.name)?.arn;
      lines.push(`- \`${rt.name}\`${rt.required ? ' (required)' : ''}${arn ? `: \`${arn}\`` : ''}`);
    }
  } else {
    lines.push('**Resource types**: none; this action only takes `"Resource": "*"`.');
  }
  if (action.conditionKeys.length > 0) {
    const shown = action.conditionKeys.slice(0, MAX_KEYS).map((k) => `\`${k}\``);
    const more = action.conditionKeys.length > MAX_KEYS ? ` and ${action.conditionKeys.length - MAX_KEYS} more` : '';
    lines.push('', `**Condition keys**: ${shown.join(', ')}${more}`);
  }
  if (action.dependentActions.length > 0) {
    lines.push('', `**Dependent actions**: ${action.dependentActions.map((a) => `\`${a}\``).join(', ')}`);
  }
  lines.push('', `[Service authorization reference: ${md(service.name)}](${serviceReferenceUrl(catalog, action.service)})`, '', dataFooter(catalog));
  return lines.join('\n');
}

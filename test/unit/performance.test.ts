import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/core/catalog/catalog';

/** A catalogue text in the generated format 2: a header line, then the services' details back to back. */
function catalogueText(details: Record<string, unknown>): string {
  const services: Record<string, { n: string; o: number; l: number }> = {};
  let body = '';
  for (const [prefix, detail] of Object.entries(details)) {
    const json = JSON.stringify(detail);
    services[prefix] = { n: `Service ${prefix}`, o: body.length, l: json.length };
    body += json;
  }
  const header = {
    format: 2,
    source: { package: 'test', version: '1.0.0', updatedAt: '' },
    counts: { services: 2, actions: 3, resourceTypes: 1, conditionKeys: 1, globalConditionKeys: 0 },
    services,
    globalKeys: [],
    keyPrefixes: {},
  };
  return `${JSON.stringify(header)}\n${body}`;
}

describe('catalogue loading (format 2)', () => {
  const text = catalogueText({
    alpha: { a: [['GetThing', 1, 'Grants permission to get a thing', [['thing', 1, [], []]], [], []]], r: [['thing', 'arn:${Partition}:alpha:::${Name}', []]], c: [] },
    beta: { a: [['ListÜber', 0, 'Non-ASCII text shifts no offsets', [], [], []], ['PutItem', 2, 'Put', [], ['beta:Colour'], []]], r: [], c: [['beta:Colour', 'String', 'A colour']] },
  });

  it('reads each service detail at its offset, after non-ASCII text in an earlier service', () => {
    const catalog = loadCatalog(text);
    assert.deepEqual(catalog.servicePrefixes, ['alpha', 'beta']);
    assert.equal(catalog.serviceName('beta'), 'Service beta');
    assert.equal(catalog.getAction('alpha:getthing')?.accessLevel, 'Read');
    assert.equal(catalog.getService('alpha')?.getResourceType('thing')?.arn, 'arn:${Partition}:alpha:::${Name}');
    assert.deepEqual(catalog.matchActions('beta:*').map((a) => a.fullName), ['beta:ListÜber', 'beta:PutItem']);
    assert.equal(catalog.findConditionKey('beta:colour')?.description, 'A colour');
  });

  it('refuses another format instead of misreading it', () => {
    assert.throws(() => loadCatalog(JSON.stringify({ format: 1, services: {} })), /unsupported IAM catalogue format 1/);
    assert.throws(() => loadCatalog(text.replace('"format":2', '"format":3')), /unsupported IAM catalogue format 3/);
  });
});

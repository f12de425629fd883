/**
 * Service prefixes of AWS services that have been discontinued: the service authorization
 * reference (and so our catalogue) no longer lists them, yet older policies, AWS managed
 * policies included, still name their actions. Knowing them turns "unknown prefix, did you
 * mean ...?" into the real reason. Dates are the end-of-support dates AWS announced.
 */
export const retiredServices: Readonly<Record<string, string>> = {
  deepcomposer: 'AWS DeepComposer (discontinued in 2025)',
  deeplens: 'AWS DeepLens (discontinued in 2024)',
  'elastic-inference': 'Amazon Elastic Inference (discontinued in 2024)',
  iot1click: 'AWS IoT 1-Click (discontinued in 2024)',
  iotroborunner: 'AWS IoT RoboRunner (discontinued in 2024)',
  mobilehub: 'AWS Mobile Hub (discontinued; replaced by AWS Amplify)',
  zocalo: 'Amazon WorkDocs (discontinued in 2025)',
};

/** The retired service a prefix belongs to, if it is one of the list (case-insensitive). */
export function retiredService(prefix: string): string | undefined {
  const key = prefix.toLowerCase();
  return Object.prototype.hasOwnProperty.call(retiredServices, key) ? retiredServices[key] : undefined;
}

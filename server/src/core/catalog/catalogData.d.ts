// The generated catalogue is bundled as text (see scripts/build.mjs) and parsed once at start.
declare module '*/iam-catalog.json' {
  const text: string;
  export default text;
}

// The generated catalogue is bundled as text (see scripts/build.mjs) and parsed once at start.
declare module '*/iam-catalog.json' {
  const text: string;
  export default text;
}

// The catalogue layout shared with scripts/build-catalog.mjs (bundled as JSON by esbuild).
declare module '*/format.json' {
  const shared: { readonly format: number; readonly accessLevels: readonly string[] };
  export default shared;
}

// Preloaded into a measured process (node --require): writes its peak RSS in KB to
// $BENCH_RSS_FILE when it exits, so the benchmark can read the CLI's memory use.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});

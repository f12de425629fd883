// Preloaded into a measured process (node --require): writes its peak RSS in KB and its CPU
// time in microseconds (all threads) to $BENCH_RSS_FILE when it exits.
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');
if (isMainThread && process.env.BENCH_RSS_FILE) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}

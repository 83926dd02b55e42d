// Preloaded by the tests (node --require exit-with-stdin.js s3rver.js ...): s3rver stops when the process that started it
// is gone, however it ended, because that closes the pipe on s3rver's standard input.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

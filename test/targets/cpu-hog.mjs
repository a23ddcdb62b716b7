// Another process keeping one core busy, so that tests can run diagnose on a busy machine: a busy
// loop in slices of 50 ms (yielding between them so SIGTERM is heard), for --seconds at most.
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } });
const until = Date.now() + Number(o.seconds) * 1000;
let x = 0;
function slice() {
  const end = Date.now() + 50;
  while (Date.now() < end) x = (x * 31 + 7) % 1_000_003;
  if (Date.now() < until) setImmediate(slice);
  else process.exit(0);
}
process.on('SIGTERM', () => process.exit(0));
process.stdout.write('running cpu-hog\n');
slice();

// A writer killed mid-write (test/main/store/temp-files.test.ts): opens a
// durable write of `path`, writes part of it, says "ready" and waits for the
// test to kill it, which leaves its temp file behind as a crash would.
import { openDurableWriter } from '../../../../src/main/store/atomic-write';

const [path] = process.argv.slice(2);
const writer = await openDurableWriter(path!);
await writer.write('half of the file\n');
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);

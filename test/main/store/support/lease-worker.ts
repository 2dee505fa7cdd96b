// One process competing for a lease (test/main/store/lease-lock.test.ts):
// acquires it `rounds` times, and inside each holding creates a marker file
// exclusively — a second holder at the same moment would find it there.
import { open, rm } from 'node:fs/promises';
import { acquireLease, LeaseHeldError } from '../../../../src/main/store/lease-lock';
import { waitForStart } from '../../../support/other-process';

const [lockPath, markerPath, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText);
// All workers begin at the same moment: without it a worker that starts late
// finds the others done, and nothing is tested.
await waitForStart();
let held = 0;
let refused = 0;
let overlaps = 0;
while (held < rounds) {
  try {
    const lease = await acquireLease(lockPath!, 'race', 'The race');
    held++;
    try {
      const marker = await open(markerPath!, 'wx');
      await new Promise((resolve) => setTimeout(resolve, 2));
      await marker.close();
      await rm(markerPath!);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') overlaps++;
      else throw error;
    }
    await lease.release();
  } catch (error) {
    if (!(error instanceof LeaseHeldError) && (error as { code?: string }).code !== 'conflict') {
      throw error;
    }
    refused++;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write(JSON.stringify({ held, refused, overlaps }));

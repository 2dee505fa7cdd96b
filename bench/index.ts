/**
 * `npm run bench`: speed and request-count goals live here, never in tests.
 * Machines are noisy (±20%): compare request counts exactly, seconds loosely.
 */
import { benchRequests } from './api-requests';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

console.log('API requests vs theoretical minimum (local sandbox, real HTTP)\n');
console.log('operation  prospects  requests  minimum  seconds');
for (const n of sizes) {
  for (const row of await benchRequests(n)) {
    const flag = row.requests === row.minimum ? '' : '  ← above minimum';
    console.log(
      `${row.operation.padEnd(9)}  ${String(row.prospects).padStart(9)}  ${String(row.requests).padStart(8)}  ${String(row.minimum).padStart(7)}  ${row.seconds.toFixed(2).padStart(7)}${flag}`,
    );
  }
}

// Writes check's two outputs (test/cli/check-outputs.test.ts), and kills
// itself with SIGKILL at step `killAt` ("none": finish): a real kill, so no
// catch or finally runs and whatever is on disk is what a crash leaves.
import { writeCheckOutputs } from '../../../src/cli/check-outputs';
import type { CheckOutputsStep } from '../../../src/cli/check-outputs';

const [out, report, label, killAt] = process.argv.slice(2);
await writeCheckOutputs({
  out: out!,
  report: report!,
  normalized: [`email,label\r\n`, `ana@example.com,${label}\r\n`],
  reportText: (normalized) => `${JSON.stringify({ label, normalized })}\n`,
  checkpoint: (step: CheckOutputsStep) => {
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});

// An apply in a process of its own that kills itself with SIGKILL right
// after its Nth batch outcome is journaled (reported) (test/cli/update-resume.test.ts),
// or a resume of a run started at an agreed moment, printing its result or
// its refusal as one JSON line (test/main/update/run-lock.test.ts).
import { readFile } from 'node:fs/promises';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { applyUpdate } from '../../../../src/main/update/apply-update';
import { waitForStart } from '../../../support/other-process';

const [kind, dir, baseUrl, apiKey, arg] = process.argv.slice(2);
const client = new WoodpeckerV1Client({ baseUrl: baseUrl!, apiKey: apiKey! });

async function apply(): Promise<void> {
  const input = JSON.parse(await readFile(arg!, 'utf8')) as {
    runId: string;
    connection: Parameters<typeof applyUpdate>[0]['connection'];
    planned: Parameters<typeof applyUpdate>[0]['planned'];
    skipped: Parameters<typeof applyUpdate>[0]['skipped'];
    batchSize: number;
    killAfterOutcomes: number;
  };
  let outcomes = 0;
  await applyUpdate({
    dir: dir!,
    runId: input.runId,
    connection: input.connection,
    list: 'list.csv',
    client,
    planned: input.planned,
    skipped: input.skipped,
    fileName: 'Q4 list',
    batchSize: input.batchSize,
    // Progress is reported once a batch's outcome is journaled: killed right there.
    onProgress: () => {
      if (++outcomes === input.killAfterOutcomes) process.kill(process.pid, 'SIGKILL');
    },
  });
}

async function resume(): Promise<unknown> {
  const { resumeUpdate } = await import('../../../../src/main/update/resume-update');
  await waitForStart();
  const result = await resumeUpdate({ dir: dir!, client, connectionId: arg! });
  return { ok: true, resumed: result.resumed, counts: result.counts };
}

if (kind === 'apply') {
  void apply().then(() => process.stdout.write('finished without being killed'));
} else {
  resume().then(
    (value) => process.stdout.write(JSON.stringify(value)),
    (error: { code?: string; message?: string }) =>
      process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message })),
  );
}

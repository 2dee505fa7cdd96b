// A second process executing a prepared run (test/main/delete/run-lock.test.ts,
// leads-fault-injection.test.ts), as a CLI `delete --resume` started beside the
// app would: it prints its result, or the error it was refused with, as one
// JSON line. Kinds: v1, agency, leads (`confirm` is then the action).
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { WoodpeckerV2AgencyClient } from '../../../../src/main/api/woodpecker-v2/agency-client';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { executeAgencyDelete } from '../../../../src/main/delete/agency-delete';
import { executeLeadsAction } from '../../../../src/main/delete/leads-delete';
import type { LeadsAction } from '../../../../src/main/delete/leads-delete';
import { executeProspectDelete } from '../../../../src/main/delete/v1-execute';
import { waitForStart } from '../../../support/other-process';

const [kind, dir, runId, baseUrl, apiKey, connectionId, confirm, companyId] = process.argv.slice(2);

async function run(): Promise<unknown> {
  // Both processes start the run at the same moment (other-process.ts).
  await waitForStart();
  if (kind === 'agency') {
    const result = await executeAgencyDelete({
      dir: dir!,
      runId: runId!,
      connectionId: connectionId!,
      agencyClient: new WoodpeckerV2AgencyClient({ baseUrl: baseUrl!, apiKey: apiKey! }),
      readClient: new WoodpeckerV1Client({
        baseUrl: baseUrl!,
        apiKey: apiKey!,
        companyId: Number(companyId),
      }),
      typedName: confirm!,
    });
    return { ok: true, state: result.state };
  }
  if (kind === 'leads') {
    // `confirm` is the action here.
    const result = await executeLeadsAction({
      dir: dir!,
      runId: runId!,
      connectionId: connectionId!,
      client: new LeadsClient({ baseUrl: baseUrl!, apiKey: apiKey! }),
      action: confirm as LeadsAction,
    });
    return { ok: true, state: result.state, done: result.done };
  }
  const result = await executeProspectDelete({
    dir: dir!,
    runId: runId!,
    connectionId: connectionId!,
    client: new WoodpeckerV1Client({ baseUrl: baseUrl!, apiKey: apiKey! }),
    confirmCount: Number(confirm),
  });
  return { ok: true, state: result.state, deleted: result.deleted };
}

run().then(
  (value) => process.stdout.write(JSON.stringify(value)),
  (error: { code?: string; message?: string }) =>
    process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message })),
);

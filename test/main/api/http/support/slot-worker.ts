// A process reading one account (test/main/api/http/shared-slot.test.ts), as
// the CLI beside the app would: `rounds` counts, sharing the account's slot
// through `folder` unless it is "-".
import { shareAccountSlots } from '../../../../../src/main/api/http/account-queue';
import { WoodpeckerV1Client } from '../../../../../src/main/api/woodpecker-v1/client';
import { waitForStart } from '../../../../support/other-process';

const [baseUrl, apiKey, folder, roundsText] = process.argv.slice(2);
if (folder !== '-') shareAccountSlots(folder!);
await waitForStart();
const client = new WoodpeckerV1Client({ baseUrl: baseUrl!, apiKey: apiKey! });
for (let i = 0; i < Number(roundsText); i++) await client.countProspects();
process.stdout.write('done');

// A process reading one account (test/main/api/http/shared-slot.test.ts), as
// the CLI beside the app would: `rounds` counts, sharing the account's slot
// through `folder` unless it is "-".
import { shareAccountSlots } from '../../../../../src/main/api/http/account-queue';
import { WoodpeckerV1Client } from '../../../../../src/main/api/woodpecker-v1/client';

const [baseUrl, apiKey, folder, roundsText] = process.argv.slice(2);
if (folder !== '-') shareAccountSlots(folder!);
const startAt = Number(process.env.PROSPECT_DESK_START_AT ?? 0);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const client = new WoodpeckerV1Client({ baseUrl: baseUrl!, apiKey: apiKey! });
for (let i = 0; i < Number(roundsText); i++) await client.countProspects();
process.stdout.write('done');

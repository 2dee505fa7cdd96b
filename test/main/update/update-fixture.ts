import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import { csvRecord } from '../../../src/shared/csv/csv-writer';
import { ImportSession } from '../../../src/shared/import/import-session';
import type { Prospect } from '../../../src/shared/prospect';
import { buildPreview, sessionPreviewSource } from '../../../src/shared/update/list-preview-rows';
import { lookupProspects } from '../../../src/shared/update/stored-prospect';
import type { UpdatePreviewBuilder } from '../../../src/shared/update/update-preview';
import type { HttpOptions } from '../../../src/main/api/http/http-client';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { applyUpdate } from '../../../src/main/update/apply-update';
import type { ApplyUpdateOptions } from '../../../src/main/update/apply-update';
import type {
  Sandbox,
  SandboxLogEntry,
  SandboxOptions,
  SandboxProspect,
} from '../../../src/main/sandbox/types';
import { testHttp } from '../api/support';

/** The account every run in these tests belongs to. */
export const CONNECTION = { id: 'sandbox', label: 'Sandbox', kind: 'sandbox' as const };
export const FILE_NAME = 'Q4 openers';
export const UPDATE_PATH = '/rest/v1/add_prospects_list';

/** A client of the sandbox's main account whose backoff waits are not slept. */
export function sandboxClient(sandbox: Sandbox, extra: HttpOptions = {}): WoodpeckerV1Client {
  return new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
    testHttp(extra).options,
  );
}

/** A list file's text, cells written as given (no formula guard: this is the user's file). */
export const listCsv = (rows: readonly (readonly string[])[]) =>
  rows.map((cells) => csvRecord(cells, { formulaSafe: false })).join('');

/** The account as the CLI sees it: a fresh full listing, by lowercase email. */
export async function accountLookup(client: WoodpeckerV1Client): Promise<Map<string, Prospect>> {
  const byEmail = new Map<string, Prospect>();
  for await (const page of client.listAll()) {
    for (const p of page) byEmail.set(p.email.trim().toLowerCase(), p);
  }
  return byEmail;
}

/** Parses `csv` with the import pipeline and previews it against the account. */
export async function previewCsv(
  client: WoodpeckerV1Client,
  csv: string,
  clearBlanks = false,
): Promise<UpdatePreviewBuilder> {
  const bytes = new TextEncoder().encode(csv);
  const session = ImportSession.start(
    (async function* () {
      yield bytes;
    })(),
    { fileName: 'list.csv', totalBytes: bytes.length },
  );
  await session.done;
  const lookup = await accountLookup(client);
  return buildPreview(
    sessionPreviewSource(session, 'list.csv'),
    lookupProspects((key) => lookup.get(key)),
    {
      clearBlanks,
    },
  );
}

/** applyUpdate for a preview, with the test's defaults. */
export async function applyPreview(
  client: WoodpeckerV1Client,
  preview: UpdatePreviewBuilder,
  dir: string,
  extra: Partial<ApplyUpdateOptions> = {},
) {
  return applyUpdate({
    dir,
    runId: 'upd-test-1',
    connection: CONNECTION,
    list: 'list.csv',
    client,
    planned: await preview.plannedRows(),
    skipped: preview.skippedOutcomes(),
    fileName: FILE_NAME,
    ...extra,
  });
}

/**
 * The standard list: lines 2–4 change existing prospects (line 3 spells the
 * email in capitals and leaves first name blank), line 5 is unchanged, 6–7
 * are new, 8 is invalid, 9 repeats line 2's email.
 */
export function standardList(existing: readonly SandboxProspect[]): string {
  const [a, b, c, same] = existing;
  const text = (p: SandboxProspect | undefined, field: string) => String(p?.[field] ?? '');
  return listCsv([
    ['Email', 'First Name', 'Snippet 1', 'City'],
    [a!.email, 'Anabel', 'Loved your talk', text(a, 'city')],
    [b!.email.toUpperCase(), '', 'New opener', ''],
    [c!.email, text(c, 'first_name'), text(c, 'snippet1'), 'Lisbon'],
    [same!.email, text(same, 'first_name'), text(same, 'snippet1'), text(same, 'city')],
    ['new.one@example.com', 'Nina', 'Hello Nina', 'Porto'],
    ['new.two@example.com', 'Noah', '', ''],
    ['not-an-email', 'Zed', 'x', ''],
    [a!.email, 'Again', 'dup', ''],
  ]);
}

const PLAIN = /^[A-Za-z][\w ,.!?']*$/;

/**
 * Copies of the first `n` prospects with a plain first name, snippet1 and
 * city (the live objects change as the sandbox writes): the assertions can
 * then compare text as written.
 */
export const plainProspects = (sandbox: Sandbox, n: number): SandboxProspect[] =>
  [...sandbox.state.prospects().values()]
    .filter((p) => ['first_name', 'snippet1', 'city'].every((f) => PLAIN.test(String(p[f] ?? ''))))
    .slice(0, n)
    .map((p) => ({ ...p }));

export const prospectByEmail = (sandbox: Sandbox, email: string) =>
  [...sandbox.state.prospects().values()].find(
    (p) => p.email.toLowerCase() === email.toLowerCase(),
  );

export const updateRequests = (sandbox: Sandbox): SandboxLogEntry[] =>
  sandbox.log.filter((e) => e.path === UPDATE_PATH);

/** Emails of the prospects in update requests, in the order sent. */
export const sentEmails = (entries: readonly SandboxLogEntry[]): string[] =>
  entries.flatMap((e) =>
    (e.body as { prospects: { email: string }[] }).prospects.map((p) => p.email),
  );

export interface ResultLine {
  row: number;
  email: string;
  outcome: string;
  code: string;
}

/** The data lines of success.csv or errors.csv (emails and codes hold no commas). */
export async function resultLines(path: string): Promise<ResultLine[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  const [header, ...lines] = text.split('\r\n').filter((l) => l !== '');
  if (header !== 'row,email,prospect_id,outcome,code,message') throw new Error(header);
  return lines.map((line) => {
    const [row, email, , outcome, code] = line.split(',');
    return { row: Number(row), email: email ?? '', outcome: outcome ?? '', code: code ?? '' };
  });
}

/**
 * A 200-prospect sandbox for a test file: started once, reset before each
 * test, and after each test every update request it saw is checked to carry
 * `update: true` and the run's `file_name` (omitting it clears the import
 * name, notes/api-facts.md). Returns the sandbox's getter.
 */
export function useUpdateSandbox(
  options: { checkRequests?: boolean; sandbox?: SandboxOptions } = {},
): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ prospects: 200, companies: [], leads: 0, ...options.sandbox });
  });
  afterAll(async () => sandbox?.close());
  beforeEach(() => sandbox!.reset());
  if (options.checkRequests ?? true) {
    afterEach(() => {
      for (const entry of updateRequests(sandbox!)) {
        expect(entry.body).toMatchObject({ update: true, file_name: FILE_NAME });
      }
    });
  }
  return () => sandbox!;
}

/**
 * A list of `changed` existing prospects (a new opener each) and `fresh`
 * new ones, rows numbered from 2 in that order, plus one unchanged row at
 * the end (skipped). With batches of 5: `(changed + fresh) / 5` batches.
 */
export function longList(sandbox: Sandbox, changed: number, fresh: number): string {
  const same = plainProspects(sandbox, 1)[0]!;
  const existing = [...sandbox.state.prospects().values()]
    .filter((p) => p.id !== same.id && /^[\w.+-]+@[\w.-]+$/.test(p.email))
    .slice(0, changed);
  return listCsv([
    ['Email', 'Snippet 1'],
    ...existing.map((p, i) => [p.email, `Opener ${i + 1} for ${p.email}`]),
    ...Array.from({ length: fresh }, (_, i) => [`fresh.${i + 1}@example.com`, `Hello ${i + 1}`]),
    [same.email, String(same.snippet1 ?? '')],
  ]);
}

/** Thrown by `killAt` where a crash would stop the process. */
export class Killed extends Error {}

/**
 * A checkpoint (RunIo.checkpoint) that "kills" the run at the `n`th time it
 * reaches `label`: the execution stops there with nothing after it done, as
 * after a SIGKILL (test/main/update/kill-resume.test.ts does the real one).
 */
export function killAt(label: string, n: number): (at: string) => void {
  let seen = 0;
  return (at) => {
    if (at === label && ++seen === n) throw new Killed(`killed after ${label} #${n}`);
  };
}

/** Emails sent in update requests, with how many times each. */
export function sendCounts(sandbox: Sandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of sentEmails(updateRequests(sandbox))) {
    counts.set(email.toLowerCase(), (counts.get(email.toLowerCase()) ?? 0) + 1);
  }
  return counts;
}

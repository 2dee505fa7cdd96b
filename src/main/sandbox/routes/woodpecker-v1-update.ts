import { V1_MESSAGES, v1Error } from '../envelopes';
import type { AccountProspects, ProspectStore } from '../prospect-store';
import { jsonResponse } from '../response';
import { blankProspect, PROSPECT_STATUSES } from '../seed-prospects';
import { SNIPPET_LABEL } from '../seed-pools';
import type { SandboxProspect } from '../types';
import { formatVendorTime } from '../vendor-time';
import type { RouteHandler } from './route-context';

/** Maximum prospects per request (woodpecker-v1-update-prospects.txt). */
export const MAX_PROSPECTS_PER_UPDATE = 20_000;

/** Fields `add_prospects_list` writes besides `email` (the doc's body schema). */
const WRITABLE = [
  'status',
  'first_name',
  'last_name',
  'company',
  'website',
  'linkedin_url',
  'tags',
  'title',
  'phone',
  'address',
  'city',
  'state',
  'country',
  'industry',
  ...Array.from({ length: 15 }, (_, i) => `snippet${i + 1}`),
] as const;

/** Deliberately simple: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Row =
  | { email: string; id: number }
  | { email: string; id?: number; status: 'ERROR'; code: string; msg: string };

/**
 * `POST /rest/v1/add_prospects_list`. Per prospect, in request order: invalid
 * email → E_EMAIL; unknown status → E_INV_STATUS; existing (email matched
 * case-insensitively) without `update: true` → E_DUPLICATE; otherwise update
 * only the fields sent (snipetN mirrors snippetN, `updated` becomes now) or
 * add a new prospect. `file_name` is set on every touched prospect, and
 * omitting it CLEARS it (the vendor trap in notes/api-facts.md).
 * 200 when at least one succeeded, else 400 with the same rows.
 */
export const updateProspects: RouteHandler = (ctx) => {
  if (ctx.body.kind !== 'json' || !isObject(ctx.body.value)) {
    return v1Error(400, 'E_PARSER_ERROR', V1_MESSAGES.E_PARSER_ERROR);
  }
  const body = ctx.body.value;
  const prospects = body.prospects;
  if (!Array.isArray(prospects) || prospects.length === 0) {
    return v1Error(400, 'E_WRONG_PARAM', `Wrong param [prospects]=${preview(prospects)}`);
  }
  if (prospects.length > MAX_PROSPECTS_PER_UPDATE) {
    return v1Error(
      400,
      'E_WRONG_PARAM',
      `Wrong param [prospects]=${prospects.length} prospects, at most ${MAX_PROSPECTS_PER_UPDATE} per request`,
    );
  }
  if (body.update !== undefined && typeof body.update !== 'boolean') {
    return v1Error(400, 'E_WRONG_PARAM', `Wrong param [update]=${preview(body.update)}`);
  }
  if (body.file_name !== undefined && typeof body.file_name !== 'string') {
    return v1Error(400, 'E_WRONG_PARAM', `Wrong param [file_name]=${preview(body.file_name)}`);
  }

  const store = ctx.data.prospects;
  const account = store.account(ctx.account);
  const write = {
    store,
    account,
    update: body.update === true,
    fileName: body.file_name ?? '',
    updated: formatVendorTime(ctx.now),
    ignoreEmpty: ctx.data.options.emptyValues === 'ignore',
  };
  const rows = prospects.map((item) => saveOne(write, item));
  const firstError = rows.find((row) => 'code' in row);
  const saved = rows.length - rows.filter((row) => 'code' in row).length;
  if (saved > 0) ctx.markApplied();
  if (saved === 0 && firstError && 'code' in firstError) {
    return jsonResponse(400, {
      prospects: rows,
      status: { status: 'ERROR', code: firstError.code, msg: 'Emails could not be added.' },
    });
  }
  return jsonResponse(200, { prospects: rows, status: { status: 'OK', code: 'OK', msg: 'OK' } });
};

interface Write {
  store: ProspectStore;
  account: AccountProspects;
  update: boolean;
  fileName: string;
  updated: string;
  /** SandboxOptions.emptyValues 'ignore': "" leaves a field as it is. */
  ignoreEmpty: boolean;
}

function saveOne(write: Write, item: unknown): Row {
  const fields = isObject(item) ? item : {};
  const email = typeof fields.email === 'string' ? fields.email : '';
  if (!EMAIL.test(email)) {
    return {
      email,
      status: 'ERROR',
      code: 'E_EMAIL',
      msg: `This looks like invalid email format: ${email}`,
    };
  }
  const existing = write.account.findByEmail(email);
  const status = fields.status;
  if (status !== undefined && !(typeof status === 'string' && isStatus(status))) {
    return {
      email,
      ...(existing && { id: existing.id }),
      status: 'ERROR',
      code: 'E_INV_STATUS',
      msg: 'Status unknown.',
    };
  }
  if (existing && !write.update) {
    return {
      email,
      id: existing.id,
      status: 'ERROR',
      code: 'E_DUPLICATE',
      msg: `Prospect already exists: ${email}`,
    };
  }
  let prospect = existing;
  if (!prospect) {
    prospect = blankProspect(write.store.allocateId(), email, write.updated);
    write.store.insert(write.account, prospect, write.fileName, []);
  } else {
    write.store.setFileName(prospect.id, write.fileName);
  }
  applyFields(prospect, fields, write.ignoreEmpty);
  prospect.updated = write.updated;
  return { email, id: prospect.id };
}

/** Copies the fields that were sent; omitted ones stay as they are. */
function applyFields(
  prospect: SandboxProspect,
  fields: Record<string, unknown>,
  ignoreEmpty: boolean,
): void {
  for (const name of WRITABLE) {
    if (!(name in fields)) continue;
    const value = text(fields[name]);
    if (value === undefined || (ignoreEmpty && value === '')) continue;
    prospect[name] = value;
    const n = name.startsWith('snippet') ? Number(name.slice(7)) : 0;
    // Legacy snipet1–snipet4 always equal snippet1–snippet4.
    if (n >= 1 && n <= 4) prospect[`snipet${n}`] = value;
    if (n === 1) relabel(prospect, value);
  }
}

/** A labelled snippet shows its current value under the label. */
function relabel(prospect: SandboxProspect, value: string): void {
  const labels = prospect.snippet_labels;
  if (isObject(labels) && SNIPPET_LABEL in labels) {
    prospect.snippet_labels = { ...labels, [SNIPPET_LABEL]: value };
  }
}

/** Strings as sent; numbers and booleans as text; null clears; anything else is ignored. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return undefined;
}

function isStatus(value: string): boolean {
  return (PROSPECT_STATUSES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value) ?? '';
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/**
 * The one IPC contract: for every channel, the schema main validates its input
 * with and the type it resolves to (always wrapped in a `Result`).
 */
import { z } from 'zod';
import { CONNECTION_KINDS } from '../connections';
import type { ConnectionSummary, ConnectionTestResult } from '../connections';
import { KEY_STORAGE_CHOICES } from '../key-storage';
import type { KeyStorageStatus } from '../key-storage';
import type { DeleteRunInfo } from '../delete';
import type { HistoryEntry } from '../history';
import type { JobProgress } from '../jobs';
import type { Prospect } from '../prospect';
import type { CampaignMembershipInfo, PendingSnapshotSync, SnapshotMeta } from '../snapshot';
import type { PreviewRow, PreviewSummary } from '../update/update-preview';
import { ROW_KINDS } from '../update/update-types';
import type { RowOutcome } from '../update/update-types';
import type { UpdateRunInfo } from '../update/update-run-info';
import { mappingPresetSchema } from '../import/mapping-presets';
import type { MappingPreset } from '../import/mapping-presets';
import type { ListMeta } from '../lists';
import { OPENED_FILE_CHUNK_BYTES, OPENED_FILE_TOKEN } from '../opened-files';
import type { FileOpenedEvent, OpenedFileEntry } from '../opened-files';
import { listMetaInput, LIST_PARTS } from '../lists';
import type { Result } from '../result';
import { appSettingsSchema } from '../settings';
import type { AppSettings } from '../settings';
import type { EVENT_CHANNELS, EventChannel, INVOKE_CHANNELS, InvokeChannel } from './channels';

const id = z.string().min(1).max(100);
/** Bulk data crosses IPC in pieces of at most 16 MiB (performance-facts.md). */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const companyId = z.number().int().positive();
/** The most targets one delete run takes (the product's largest list). */
export const MAX_DELETE_TARGETS = 1_000_000;

export const saveConnectionInput = z
  .object({
    /** Present when editing an existing connection. */
    id: id.optional(),
    kind: z.enum(CONNECTION_KINDS),
    label: z.string().trim().min(1, 'Give the connection a name.').max(80),
    baseUrl: z.string().trim().max(300).optional(),
    /** Write-only. Omitted when editing keeps the stored key. */
    apiKey: z.string().trim().min(1).max(500).optional(),
    /**
     * Where to keep `apiKey` (required with it, and only with it): encrypted by
     * the OS keychain, or in main's memory until the app quits. Main refuses
     * 'keychain' when there is none; it never picks for the user.
     */
    keyStorage: z.enum(KEY_STORAGE_CHOICES).optional(),
    companies: z
      .array(z.object({ id: companyId, name: z.string().trim().min(1).max(120) }))
      .max(500)
      .optional(),
  })
  .strict()
  .refine((v) => (v.apiKey === undefined) === (v.keyStorage === undefined), {
    message: 'Choose where to keep the API key (keyStorage), and only when entering one.',
    path: ['keyStorage'],
  });

const accountRef = z.object({ connectionId: id, companyId: companyId.optional() }).strict();

const snapshotFilter = z
  .object({
    status: z.string().trim().min(1).max(40).optional(),
    tag: z.string().trim().min(1).max(200).optional(),
    contacted: z.boolean().optional(),
    notContactedSince: z.iso.datetime().optional(),
    text: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** The grid's filter: a campaign too (not for deletes: membership is loaded apart and ages). */
const gridFilter = snapshotFilter
  .extend({ campaignId: z.number().int().nonnegative().optional() })
  .strict();

/** Targets of a delete: a saved list's emails, ids / emails picked in the app, or a snapshot filter. */
const deleteSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), listId: id }).strict(),
  z.object({ kind: z.literal('snapshot'), filter: snapshotFilter }).strict(),
  z
    .object({
      kind: z.literal('ids'),
      ids: z.array(z.number().int().positive()).min(1).max(MAX_DELETE_TARGETS),
    })
    .strict(),
  z
    .object({
      kind: z.literal('emails'),
      emails: z.array(z.string().trim().min(3).max(320)).min(1).max(MAX_DELETE_TARGETS),
    })
    .strict(),
]);
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'Not a run id.');
/** A file the OS asked us to open, by the token main gave it: never a path. */
const openedFileToken = z.string().regex(OPENED_FILE_TOKEN, 'Not an opened file.');

export const contract = {
  'connections:list': { input: z.undefined() },
  'connections:save': { input: saveConnectionInput },
  'connections:remove': { input: z.object({ id }).strict() },
  'connections:test': { input: accountRef },
  'connections:set-active': { input: z.object({ id: id.nullable() }).strict() },
  'app:info': { input: z.undefined() },
  'app:open-external': { input: z.object({ url: z.string().max(2000) }).strict() },
  'app:reveal-log': { input: z.undefined() },
  'settings:get': { input: z.undefined() },
  'settings:save': { input: appSettingsSchema },
  'account:export': {
    input: accountRef.extend({ format: z.enum(['csv', 'json']) }).strict(),
  },
  'jobs:cancel': { input: z.object({ jobId: id }).strict() },
  'lists:list': { input: z.undefined() },
  'lists:begin-save': { input: z.object({ meta: listMetaInput }).strict() },
  'lists:save-chunk': {
    input: z
      .object({
        uploadId: id,
        part: z.enum(LIST_PARTS),
        seq: z.number().int().min(0),
        bytes: z
          .instanceof(Uint8Array)
          .refine((b) => b.byteLength <= MAX_CHUNK_BYTES, 'Chunk too large.'),
      })
      .strict(),
  },
  'lists:commit-save': { input: z.object({ uploadId: id }).strict() },
  'lists:read-chunk': {
    input: z.object({ id, part: z.enum(LIST_PARTS), seq: z.number().int().min(0) }).strict(),
  },
  'lists:remove': { input: z.object({ id }).strict() },
  'presets:list': { input: z.undefined() },
  'presets:save': { input: z.object({ preset: mappingPresetSchema }).strict() },
  'exports:begin': {
    input: z.object({ fileName: z.string().trim().min(1).max(200) }).strict(),
  },
  'exports:chunk': {
    input: z.object({ exportId: id, text: z.string().max(MAX_CHUNK_BYTES) }).strict(),
  },
  'exports:commit': { input: z.object({ exportId: id }).strict() },
  'exports:abort': { input: z.object({ exportId: id }).strict() },
  'snapshot:sync': {
    input: accountRef.extend({ mode: z.enum(['full', 'incremental']) }).strict(),
  },
  'snapshot:sync-campaigns': { input: accountRef },
  'snapshot:info': { input: accountRef },
  'snapshot:query': {
    input: accountRef
      .extend({
        filter: gridFilter,
        offset: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
  },
  'snapshot:export': {
    input: accountRef.extend({ filter: gridFilter, format: z.enum(['csv', 'json']) }).strict(),
  },
  'update:preview': {
    input: accountRef
      .extend({ listId: id, clearBlanks: z.boolean(), refresh: z.boolean() })
      .strict(),
  },
  'update:rows': {
    input: z
      .object({
        previewId: id,
        kinds: z.array(z.enum(ROW_KINDS)).min(1).max(ROW_KINDS.length),
        offset: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
  },
  'update:include': {
    input: z
      .object({
        previewId: id,
        index: z.number().int().nonnegative().optional(),
        kind: z.enum(['new', 'changed']).optional(),
        included: z.boolean(),
      })
      .strict()
      .refine((v) => (v.index === undefined) !== (v.kind === undefined), 'Give a row or a kind.'),
  },
  'update:apply': {
    input: z
      .object({
        previewId: id,
        fileName: z.string().trim().max(200).optional(),
        batchSize: z.number().int().min(1).max(20_000).optional(),
      })
      .strict(),
  },
  'update:retry': { input: z.object({ runId }).strict() },
  'update:revert': { input: z.object({ runId }).strict() },
  'update:resume': { input: z.object({ runId }).strict() },
  'update:runs': { input: z.undefined() },
  'update:outcomes': {
    input: z
      .object({
        runId,
        errorsOnly: z.boolean(),
        offset: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
  },
  'delete:backup': {
    input: accountRef
      .extend({
        source: deleteSource,
        campaignIds: z.array(z.number().int().nonnegative()).min(1).max(1000).optional(),
      })
      .strict(),
  },
  'delete:execute': {
    input: accountRef
      .extend({
        runId,
        confirmCount: z.number().int().nonnegative(),
        /** The ids the user confirmed; omitted when resuming a run from an earlier session. */
        ids: z.array(z.string().regex(/^\d+$/)).max(MAX_DELETE_TARGETS).optional(),
      })
      .strict(),
  },
  'delete:restore': { input: accountRef.extend({ runId }).strict() },
  'delete:runs': { input: z.undefined() },
  'agency-delete:backup': { input: z.object({ connectionId: id, companyId }).strict() },
  'agency-delete:execute': {
    input: z
      .object({ connectionId: id, companyId, runId, typedName: z.string().max(200) })
      .strict(),
  },
  'leads-delete:backup': {
    input: z
      .object({
        connectionId: id,
        target: z.union([
          z
            .object({ ids: z.array(z.string().trim().min(1).max(200)).min(1).max(100_000) })
            .strict(),
          z.object({ status: z.string().trim().min(1).max(100) }).strict(),
        ]),
      })
      .strict(),
  },
  'leads-delete:execute': {
    input: z
      .object({
        connectionId: id,
        runId,
        action: z.enum(['delete', 'archive', 'anonymize']),
        /** The number of leads the user typed to confirm. */
        confirmCount: z.number().int().nonnegative(),
        reason: z.string().trim().max(500).optional(),
      })
      .strict(),
  },
  'leads-delete:restore': { input: z.object({ connectionId: id, runId }).strict() },
  'history:list': { input: z.undefined() },
  'files:take-opened': { input: z.undefined() },
  'files:read-chunk': {
    input: z
      .object({
        token: openedFileToken,
        offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
        length: z.number().int().min(1).max(OPENED_FILE_CHUNK_BYTES),
      })
      .strict(),
  },
  'files:release': { input: z.object({ token: openedFileToken }).strict() },
} satisfies Record<InvokeChannel, { input: z.ZodType }>;

/**
 * A saved list whose meta.json cannot be read. Listed next to the good ones so
 * the UI can say so and offer to remove it: never hidden, never deleted by us.
 */
export interface DamagedList {
  id: string;
  reason: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Main's log (errors, with keys redacted): Settings can show it in its folder. */
  logFile: string;
  activeConnectionId: string | null;
  /** What protects API keys here: with no keychain, keys can only be kept until the app quits. */
  keyStorage: KeyStorageStatus;
}

/** What each channel resolves to (inside `Result`). */
export interface ChannelOutputs {
  'connections:list': { connections: ConnectionSummary[]; activeConnectionId: string | null };
  'connections:save': ConnectionSummary;
  'connections:remove': { removed: boolean };
  'connections:test': ConnectionTestResult;
  'connections:set-active': { activeConnectionId: string | null };
  'app:info': AppInfo;
  'app:open-external': { opened: boolean };
  'app:reveal-log': { revealed: boolean };
  'settings:get': AppSettings;
  'settings:save': AppSettings;
  'account:export': { jobId: string; path: string };
  'jobs:cancel': { cancelled: boolean };
  'lists:list': { lists: ListMeta[]; damaged: DamagedList[] };
  'lists:begin-save': { uploadId: string };
  'lists:save-chunk': { received: number };
  'lists:commit-save': ListMeta;
  'lists:read-chunk': { bytes: Uint8Array; last: boolean };
  'lists:remove': { removed: boolean };
  'presets:list': { presets: MappingPreset[] };
  'presets:save': MappingPreset;
  'exports:begin': { exportId: string; path: string };
  'exports:chunk': { written: number };
  'exports:commit': { path: string; bytes: number };
  'exports:abort': { aborted: boolean };
  'snapshot:sync': { jobId: string };
  'snapshot:sync-campaigns': { jobId: string };
  'snapshot:info': {
    meta: SnapshotMeta | null;
    pending: PendingSnapshotSync | null;
    campaigns: CampaignMembershipInfo | null;
  };
  'snapshot:query': { meta: SnapshotMeta; total: number; rows: Prospect[] };
  'snapshot:export': { jobId: string };
  'update:preview': { jobId: string };
  'update:rows': { total: number; rows: PreviewRow[] };
  'update:include': PreviewSummary;
  'update:apply': { jobId: string };
  'update:retry': { jobId: string };
  'update:revert': { jobId: string };
  'update:resume': { jobId: string };
  'update:runs': { runs: UpdateRunInfo[] };
  'update:outcomes': { total: number; rows: RowOutcome[] };
  'delete:backup': { jobId: string };
  'delete:execute': { jobId: string };
  'delete:restore': { jobId: string };
  'delete:runs': { runs: DeleteRunInfo[] };
  'agency-delete:backup': { jobId: string };
  'agency-delete:execute': { jobId: string };
  'leads-delete:backup': { jobId: string };
  'leads-delete:execute': { jobId: string };
  'leads-delete:restore': { jobId: string };
  'history:list': { entries: HistoryEntry[]; unreadable: number };
  /** Files opened since the last take (each once); refusals say why. */
  'files:take-opened': { files: OpenedFileEntry[] };
  /** Exactly `length` bytes from `offset`, which main checks against the file's size. */
  'files:read-chunk': { bytes: Uint8Array<ArrayBuffer> };
  'files:release': { released: boolean };
}

/** What each event channel's listeners receive. */
export interface EventPayloads {
  'jobs:progress': JobProgress;
  'files:opened': FileOpenedEvent;
}

export type EventPayload<C extends EventChannel> = EventPayloads[C];

export type ChannelInput<C extends InvokeChannel> = z.input<(typeof contract)[C]['input']>;
export type ParsedInput<C extends InvokeChannel> = z.output<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = ChannelOutputs[C];

type InvokeFn<C extends InvokeChannel> =
  undefined extends ChannelInput<C>
    ? () => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

/** The shape of `window.prospectDesk`, derived from the contract. */
export type ProspectDeskApi = {
  readonly [M in keyof typeof INVOKE_CHANNELS]: InvokeFn<(typeof INVOKE_CHANNELS)[M]>;
} & {
  readonly [M in keyof typeof EVENT_CHANNELS]: (
    listener: (payload: EventPayload<(typeof EVENT_CHANNELS)[M]>) => void,
  ) => () => void;
};

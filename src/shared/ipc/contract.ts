/**
 * The one IPC contract: for every channel, the schema main validates its input
 * with and the type it resolves to (always wrapped in a `Result`).
 */
import { z } from 'zod';
import { CONNECTION_KINDS } from '../connections';
import type { ConnectionSummary, ConnectionTestResult } from '../connections';
import type { JobProgress } from '../jobs';
import type { Result } from '../result';
import type { EVENT_CHANNELS, INVOKE_CHANNELS, InvokeChannel } from './channels';

const id = z.string().min(1).max(100);
const companyId = z.number().int().positive();

export const saveConnectionInput = z
  .object({
    /** Present when editing an existing connection. */
    id: id.optional(),
    kind: z.enum(CONNECTION_KINDS),
    label: z.string().trim().min(1, 'Give the connection a name.').max(80),
    baseUrl: z.string().trim().max(300).optional(),
    /** Write-only. Omitted when editing keeps the stored key. */
    apiKey: z.string().trim().min(1).max(500).optional(),
    companies: z
      .array(z.object({ id: companyId, name: z.string().trim().min(1).max(120) }))
      .max(500)
      .optional(),
  })
  .strict();

const accountRef = z.object({ connectionId: id, companyId: companyId.optional() }).strict();

export const contract = {
  'connections:list': { input: z.undefined() },
  'connections:save': { input: saveConnectionInput },
  'connections:remove': { input: z.object({ id }).strict() },
  'connections:test': { input: accountRef },
  'connections:set-active': { input: z.object({ id: id.nullable() }).strict() },
  'app:info': { input: z.undefined() },
  'app:open-external': { input: z.object({ url: z.string().max(2000) }).strict() },
  'account:export': {
    input: accountRef.extend({ format: z.enum(['csv', 'json']) }).strict(),
  },
  'jobs:cancel': { input: z.object({ jobId: id }).strict() },
} satisfies Record<InvokeChannel, { input: z.ZodType }>;

export interface AppInfo {
  version: string;
  dataDir: string;
  activeConnectionId: string | null;
  /** False when the OS offers no encryption for keys: saving keys is refused. */
  encryptionAvailable: boolean;
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
  'account:export': { jobId: string; path: string };
  'jobs:cancel': { cancelled: boolean };
}

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
    listener: (progress: JobProgress) => void,
  ) => () => void;
};

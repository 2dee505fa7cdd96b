import { randomBytes } from 'node:crypto';
import { maskKey, WOODPECKER_ORIGIN } from '../../shared/connections';
import type { AccountRef, ConnectionSummary, ConnectionTestResult } from '../../shared/connections';
import type { KeyStorageStatus } from '../../shared/key-storage';
import type { z } from 'zod';
import type { saveConnectionInput } from '../../shared/ipc/contract';
import { AppError } from '../app-error';
import type { ConnectionRecord, Settings } from '../store/settings';
import type { SecretVault } from '../store/secret-vault';
import { normaliseBaseUrl } from './base-url';
import type { SandboxHost } from './sandbox-host';

type SaveInput = z.output<typeof saveConnectionInput>;

/** Everything main needs to call an account's API. Never leaves main. */
export type AccountCredentials =
  | { api: 'woodpecker'; baseUrl: string; apiKey: string; companyId?: number; label: string }
  | { api: 'leads'; baseUrl: string; apiKey: string; label: string };

/**
 * Saved connections: create, edit, remove, choose the active one, and turn a
 * connection into credentials for the API clients.
 */
export class ConnectionsService {
  constructor(
    private readonly settings: Settings,
    private readonly vault: SecretVault,
    private readonly sandbox: SandboxHost,
  ) {}

  /** Every connection with where its key is now (saved, session-only, missing). */
  async list(): Promise<{ connections: ConnectionSummary[]; activeConnectionId: string | null }> {
    const records = this.settings.connections();
    const states = await this.vault.keyStates(records.map((r) => r.id));
    return {
      connections: records.map((r) => ({
        ...r,
        keyState: r.kind === 'sandbox' ? 'not-needed' : (states.get(r.id) ?? 'missing'),
      })),
      activeConnectionId: this.activeId(),
    };
  }

  activeConnectionId(): string | null {
    return this.activeId();
  }

  /** What protects keys on this computer (for the renderer to explain the choice). */
  keyStorage(): Promise<KeyStorageStatus> {
    return this.vault.status();
  }

  get(id: string): ConnectionRecord {
    const found = this.settings.connections().find((c) => c.id === id);
    if (!found) throw new AppError('not_found', 'That connection no longer exists.');
    return found;
  }

  async save(input: SaveInput): Promise<ConnectionSummary> {
    const all = this.settings.connections();
    const existing = input.id ? all.find((c) => c.id === input.id) : undefined;
    if (input.id && !existing) throw new AppError('not_found', 'That connection no longer exists.');
    if (existing && existing.kind !== input.kind) {
      throw new AppError('validation', 'A connection cannot change its kind; add a new one.');
    }
    const needsKey = input.kind !== 'sandbox';
    if (needsKey && !input.apiKey && !existing?.keyHint) {
      throw new AppError('validation', 'Enter the API key.');
    }
    const record: ConnectionRecord = {
      id: existing?.id ?? `c_${randomBytes(6).toString('hex')}`,
      kind: input.kind,
      label: input.label,
      baseUrl: this.baseUrlFor(input),
      keyHint: needsKey
        ? input.apiKey
          ? maskKey(input.apiKey)
          : (existing?.keyHint ?? null)
        : null,
      companies: input.kind === 'agency' ? (input.companies ?? []) : [],
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    };
    // The key is stored first, where the user chose: when that is refused
    // (no keychain for 'keychain') nothing is saved.
    if (needsKey && input.apiKey) {
      if (!input.keyStorage) {
        throw new AppError('validation', 'Choose where to keep the API key.');
      }
      await this.vault.set(record.id, input.apiKey, input.keyStorage);
    }
    const next = existing ? all.map((c) => (c.id === record.id ? record : c)) : [...all, record];
    this.settings.saveConnections(next);
    if (!this.activeId()) this.settings.setActiveConnectionId(record.id);
    const keyState = needsKey
      ? ((await this.vault.keyStates([record.id])).get(record.id) ?? 'missing')
      : 'not-needed';
    return { ...record, keyState };
  }

  async remove(id: string): Promise<boolean> {
    const all = this.settings.connections();
    if (!all.some((c) => c.id === id)) return false;
    this.settings.saveConnections(all.filter((c) => c.id !== id));
    await this.vault.delete(id);
    if (this.settings.activeConnectionId() === id) this.settings.setActiveConnectionId(null);
    return true;
  }

  setActive(id: string | null): string | null {
    if (id !== null) this.get(id);
    this.settings.setActiveConnectionId(id);
    return id;
  }

  /** Credentials for one account of a connection (decrypts the key in main). */
  async credentials(ref: AccountRef): Promise<AccountCredentials> {
    const connection = this.get(ref.connectionId);
    if (connection.kind === 'sandbox') {
      const sandbox = await this.sandbox.get();
      return ref.companyId === undefined
        ? {
            api: 'woodpecker',
            baseUrl: sandbox.url,
            apiKey: sandbox.keys.woodpecker,
            label: connection.label,
          }
        : {
            api: 'woodpecker',
            baseUrl: sandbox.url,
            apiKey: sandbox.keys.agency,
            companyId: ref.companyId,
            label: connection.label,
          };
    }
    const apiKey = await this.vault.get(connection.id);
    if (!apiKey) throw await this.keyNeeded(connection.label);
    if (connection.kind === 'leads') {
      return { api: 'leads', baseUrl: connection.baseUrl, apiKey, label: connection.label };
    }
    return {
      api: 'woodpecker',
      baseUrl: connection.baseUrl,
      apiKey,
      label: connection.label,
      ...(ref.companyId !== undefined && { companyId: ref.companyId }),
    };
  }

  /**
   * The agency (HQ) key of an agency connection, or the Sandbox's: what the v2
   * agency endpoints take (never the key of a client company).
   */
  async agencyCredentials(connectionId: string): Promise<{ baseUrl: string; apiKey: string }> {
    const connection = this.get(connectionId);
    if (connection.kind === 'sandbox') {
      const sandbox = await this.sandbox.get();
      return { baseUrl: sandbox.url, apiKey: sandbox.keys.agency };
    }
    if (connection.kind !== 'agency') {
      throw new AppError('validation', `"${connection.label}" is not an agency connection.`);
    }
    const credentials = await this.credentials({ connectionId });
    return { baseUrl: credentials.baseUrl, apiKey: credentials.apiKey };
  }

  /** Leads API credentials of a Leads connection, or the Sandbox's own Leads API. */
  async leadsCredentials(connectionId: string): Promise<{ baseUrl: string; apiKey: string }> {
    const connection = this.get(connectionId);
    if (connection.kind === 'sandbox') {
      const sandbox = await this.sandbox.get();
      return { baseUrl: sandbox.url, apiKey: sandbox.keys.leads };
    }
    const credentials = await this.credentials({ connectionId });
    if (credentials.api !== 'leads') {
      throw new AppError('validation', `"${connection.label}" is not a Leads API connection.`);
    }
    return { baseUrl: credentials.baseUrl, apiKey: credentials.apiKey };
  }

  /** Client companies a connection can act as (agency connections and the Sandbox). */
  async companies(id: string): Promise<{ id: number; name: string }[]> {
    const connection = this.get(id);
    if (connection.kind === 'sandbox') return (await this.sandbox.get()).state.companies();
    return connection.companies;
  }

  /**
   * No key for a connection: on a computer without a keychain, keys entered
   * for the session are gone after a restart, and the user must be told so.
   */
  private async keyNeeded(label: string): Promise<AppError> {
    const status = await this.vault.status();
    return new AppError(
      'auth',
      status.kind === 'keychain'
        ? `No API key is saved for "${label}": enter it again on the Connections page.`
        : `Key not saved for "${label}" (it was kept only until the app quit): enter it again on the Connections page to use this connection.`,
    );
  }

  private activeId(): string | null {
    const id = this.settings.activeConnectionId();
    return id && this.settings.connections().some((c) => c.id === id) ? id : null;
  }

  private baseUrlFor(input: SaveInput): string {
    switch (input.kind) {
      case 'sandbox':
        return 'sandbox';
      case 'leads':
        if (!input.baseUrl) throw new AppError('validation', 'Enter the Leads API base URL.');
        return normaliseBaseUrl(input.baseUrl);
      case 'woodpecker':
      case 'agency':
        return normaliseBaseUrl(input.baseUrl || WOODPECKER_ORIGIN);
    }
  }
}

export type { ConnectionTestResult };

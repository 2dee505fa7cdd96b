import { z } from 'zod';
import { CONNECTION_KINDS } from '../../shared/connections';
import type { ConnectionSummary } from '../../shared/connections';
import { busyWaitMinutesSchema, DEFAULT_APP_SETTINGS } from '../../shared/settings';
import type { AppSettings } from '../../shared/settings';

/**
 * The settings file (`config.json` in the data folder), validated on every
 * read: a hand-edited or older file must not crash main or smuggle bad data.
 *
 * Sample:
 * { "connections": [{ "id": "c_1a2b", "kind": "woodpecker", "label": "Main",
 *   "baseUrl": "https://api.woodpecker.co", "keyHint": "••••3f9a",
 *   "companies": [], "createdAt": "2026-11-22T10:00:00.000Z" }],
 *   "activeConnectionId": "c_1a2b", "maxBusyWaitMinutes": 10 }
 * Keys are never in this file: see secret-vault.ts.
 */

/** The key-value store under the settings (conf-settings.ts). */
export interface SettingsBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const connectionRecord = z.object({
  id: z.string().min(1),
  kind: z.enum(CONNECTION_KINDS),
  label: z.string(),
  baseUrl: z.string(),
  keyHint: z.string().nullable(),
  companies: z.array(z.object({ id: z.number().int(), name: z.string() })),
  createdAt: z.string(),
});

/** A connection as saved; where its key is (`keyState`) is worked out by the vault. */
export type ConnectionRecord = Omit<ConnectionSummary, 'keyState'>;

export class Settings {
  constructor(private readonly backend: SettingsBackend) {}

  connections(): ConnectionRecord[] {
    const parsed = z.array(connectionRecord).safeParse(this.backend.get('connections') ?? []);
    // A corrupt list is not silently replaced: saving would wipe the user's
    // connections, so we surface it instead.
    if (!parsed.success) throw new Error('The saved connections in config.json are unreadable.');
    return parsed.data;
  }

  saveConnections(connections: ConnectionRecord[]): void {
    this.backend.set('connections', connections);
  }

  activeConnectionId(): string | null {
    const value = this.backend.get('activeConnectionId');
    return typeof value === 'string' ? value : null;
  }

  setActiveConnectionId(id: string | null): void {
    this.backend.set('activeConnectionId', id);
  }

  /**
   * The preferences Settings edits. A missing or invalid value (a
   * hand-edited file) reads as the default: unlike connections, nothing is
   * lost by saving over it.
   */
  app(): AppSettings {
    const minutes = busyWaitMinutesSchema.safeParse(this.backend.get('maxBusyWaitMinutes'));
    return {
      maxBusyWaitMinutes: minutes.success ? minutes.data : DEFAULT_APP_SETTINGS.maxBusyWaitMinutes,
    };
  }

  /** Saves validated preferences (the IPC input schema checked them). */
  saveApp(settings: AppSettings): AppSettings {
    this.backend.set(
      'maxBusyWaitMinutes',
      busyWaitMinutesSchema.parse(settings.maxBusyWaitMinutes),
    );
    return this.app();
  }
}

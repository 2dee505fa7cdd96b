/**
 * Connections: where prospects live. Keys never appear in these shapes — they
 * go to main once and stay there (see src/main/store/secret-vault.ts).
 */

import type { KeyState } from './key-storage';

export const CONNECTION_KINDS = ['sandbox', 'woodpecker', 'agency', 'leads'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const WOODPECKER_ORIGIN = 'https://api.woodpecker.co';

export interface ClientCompany {
  id: number;
  name: string;
}

/** What the renderer knows about a connection. */
export interface ConnectionSummary {
  id: string;
  kind: ConnectionKind;
  label: string;
  baseUrl: string;
  /** Masked tail of the last key entered, e.g. `••••3f9a`; null when none was. */
  keyHint: string | null;
  /** Where the key is now: saved, kept for this session only, or missing (enter it again). */
  keyState: KeyState;
  /** Agency client companies (agency connections only). */
  companies: ClientCompany[];
  createdAt: string;
}

/** Which account of a connection an action targets. */
export interface AccountRef {
  connectionId: string;
  /** For agency connections: the client company to act as. */
  companyId?: number;
}

/** Result of "Test connection". */
export interface ConnectionTestResult {
  /**
   * Prospects (Woodpecker) or leads (Leads API) in the tested account; null
   * when the Leads API gives no total (its docs define none).
   */
  count: number | null;
  unit: 'prospects' | 'leads';
  /** Per client company, for agency connections. */
  companies?: { id: number; name: string; count: number }[];
  checkedAt: string;
}

/** `••••` plus the last four characters; short keys show nothing of themselves. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `••••${key.slice(-4)}` : '••••';
}

/**
 * How this computer can protect API keys, and where a connection's key is
 * kept. Main decides and reports these facts; the renderer only shows them
 * (no key ever crosses IPC).
 *
 * Electron's safeStorage on Linux falls back to `basic_text` (a hard-coded
 * key, no real protection) when it finds no keyring: that is 'no-keyring',
 * and keys are then never written to disk (../shared/notes/electron-facts.md).
 */

/** What protects keys at rest on this computer. */
export type KeyStorageStatus =
  /** A real OS keychain; `name` is for people, e.g. "macOS Keychain", "KWallet 6". */
  | { kind: 'keychain'; name: string }
  /** Linux without a keyring (safeStorage's `basic_text`); `desktop` is XDG_CURRENT_DESKTOP. */
  | { kind: 'no-keyring'; desktop: string | null }
  /** No encryption at all (the OS refused, or a process without safeStorage such as the CLI). */
  | { kind: 'unavailable' };

/**
 * Where the user chose to keep a key they enter: encrypted by the keychain in
 * `secrets.json`, or in main's memory until the app quits (never on disk).
 */
export const KEY_STORAGE_CHOICES = ['keychain', 'session'] as const;
export type KeyStorageChoice = (typeof KEY_STORAGE_CHOICES)[number];

/**
 * Where a connection's key is right now: 'saved' in secrets.json, kept for
 * this 'session' only, 'missing' (never entered, or session-only and the app
 * restarted), or 'not-needed' (the Sandbox).
 */
export type KeyState = 'saved' | 'session' | 'missing' | 'not-needed';

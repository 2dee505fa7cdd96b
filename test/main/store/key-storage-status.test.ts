import { describe, expect, it } from 'vitest';
import { keyStorageStatus } from '../../../src/main/store/key-storage-status';
import type { SafeStorageFacts } from '../../../src/main/store/key-storage-status';

const facts = (over: Partial<SafeStorageFacts>): SafeStorageFacts => ({
  platform: 'linux',
  available: true,
  linuxBackend: 'gnome_libsecret',
  desktop: 'GNOME',
  ...over,
});

describe('keyStorageStatus', () => {
  it('names the keychain of each desktop OS in words', () => {
    expect(keyStorageStatus(facts({ platform: 'darwin', linuxBackend: '' }))).toEqual({
      kind: 'keychain',
      name: 'macOS Keychain',
    });
    expect(keyStorageStatus(facts({ platform: 'win32', linuxBackend: '' }))).toEqual({
      kind: 'keychain',
      name: 'Windows DPAPI',
    });
    expect(keyStorageStatus(facts({}))).toEqual({
      kind: 'keychain',
      name: 'GNOME Keyring (libsecret)',
    });
    for (const [backend, name] of [
      ['kwallet', 'KWallet'],
      ['kwallet5', 'KWallet 5'],
      ['kwallet6', 'KWallet 6'],
    ]) {
      expect(keyStorageStatus(facts({ linuxBackend: backend }))).toEqual({
        kind: 'keychain',
        name,
      });
    }
  });

  it("calls Linux's basic_text no keyring, even though it 'encrypts'", () => {
    expect(keyStorageStatus(facts({ linuxBackend: 'basic_text', desktop: 'sway' }))).toEqual({
      kind: 'no-keyring',
      desktop: 'sway',
    });
    expect(keyStorageStatus(facts({ linuxBackend: 'basic_text', desktop: undefined }))).toEqual({
      kind: 'no-keyring',
      desktop: null,
    });
    expect(
      keyStorageStatus(facts({ linuxBackend: 'basic_text', available: false, desktop: ' ' })),
    ).toEqual({ kind: 'no-keyring', desktop: null });
  });

  it('fails closed: no encryption, or a backend it does not know, is unavailable', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(keyStorageStatus(facts({ platform, available: false }))).toEqual({
        kind: 'unavailable',
      });
    }
    expect(keyStorageStatus(facts({ linuxBackend: 'unknown' }))).toEqual({ kind: 'unavailable' });
    expect(keyStorageStatus(facts({ platform: 'freebsd' }))).toEqual({ kind: 'unavailable' });
  });
});

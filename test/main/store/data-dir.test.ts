import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src/main/store/data-dir';

describe('resolveDataDir', () => {
  it('follows PROSPECT_DESK_DATA_DIR when set', () => {
    expect(resolveDataDir({ PROSPECT_DESK_DATA_DIR: '/portable/data' }, 'linux', '/home/ana')).toBe(
      '/portable/data',
    );
  });
  it('matches Electron userData for our product name on each OS', () => {
    expect(resolveDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Prospect Desk');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ana')).toBe(
      '/x/Prospect Desk',
    );
    expect(resolveDataDir({}, 'darwin', '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Prospect Desk',
    );
  });
});

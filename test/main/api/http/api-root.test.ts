import { describe, expect, it } from 'vitest';
import { apiRoot } from '../../../../src/main/api/http/api-root';

describe('apiRoot', () => {
  it('keeps origin and path, dropping trailing slashes and the segment the client adds', () => {
    expect(apiRoot('https://api.woodpecker.co', '/rest')).toBe('https://api.woodpecker.co');
    expect(apiRoot('https://api.woodpecker.co/rest/', '/rest')).toBe('https://api.woodpecker.co');
    expect(apiRoot(' https://crm.example.com/tenant/api/v1 ', '/api/v1')).toBe(
      'https://crm.example.com/tenant',
    );
    expect(apiRoot('HTTP://127.0.0.1:8080/', '/rest')).toBe('http://127.0.0.1:8080');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => apiRoot('api.woodpecker.co', '/rest')).toThrow(/not valid/);
    expect(() => apiRoot('ftp://x.example', '/rest')).toThrow(/https/);
  });
});

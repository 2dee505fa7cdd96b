import { describe, expect, it } from 'vitest';
import { trustedRendererUrl } from '../../../src/main/ipc/trusted-sender';

describe('trustedRendererUrl', () => {
  it('trusts only our built index.html, as served from app://renderer/', () => {
    const trusted = trustedRendererUrl(undefined);
    expect(trusted('app://renderer/index.html')).toBe(true);
    expect(trusted('app://renderer/index.html#/lists')).toBe(true);
    expect(trusted('app://renderer/other.html')).toBe(false);
    expect(trusted('app://evil/index.html')).toBe(false);
    expect(trusted('file:///opt/Prospect%20Desk/out/renderer/index.html')).toBe(false);
    expect(trusted('https://evil.example/index.html')).toBe(false);
  });

  it('in dev, trusts the dev server origin only', () => {
    const trusted = trustedRendererUrl('http://localhost:5173/');
    expect(trusted('http://localhost:5173/index.html')).toBe(true);
    expect(trusted('http://localhost:5174/')).toBe(false);
    expect(trusted('http://localhost:5173.evil.example/')).toBe(false);
    expect(trusted('not a url')).toBe(false);
  });
});

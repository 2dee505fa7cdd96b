import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { rendererCspPlugin } from '../../scripts/build/csp-plugin';
import { devRendererCsp, RENDERER_CSP } from '../../src/shared/content-security-policy';

/** Runs the plugin on index.html as Vite would, for `vite build` or the dev server. */
async function transform(command: 'build' | 'serve', html?: string): Promise<string> {
  const plugin = rendererCspPlugin();
  (plugin.configResolved as (config: Pick<ResolvedConfig, 'command'>) => void)({ command });
  const hook = plugin.transformIndexHtml as { handler(html: string): string };
  return hook.handler(html ?? (await readFile('src/renderer/index.html', 'utf8')));
}

const policyOf = (html: string) =>
  [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g)].map(
    (match) => match[1],
  );

describe("the renderer's CSP in index.html", () => {
  it('is the strict policy in every build, the same one the app:// handler sends', async () => {
    expect(policyOf(await transform('build'))).toEqual([RENDERER_CSP]);
  });

  it('is relaxed only for `npm run dev`: inline preamble and styles, the hot-reload socket', async () => {
    const html = await transform('serve');
    expect(policyOf(html)).toEqual([devRendererCsp()]);
    const dev = devRendererCsp();
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    // Still no eval, no other origin, nothing beyond what the dev server needs.
    expect(dev).not.toContain('unsafe-eval');
    expect(dev).toContain("object-src 'none'");
    // The comment that mentions the policy's words is left alone.
    expect(html).toContain("The renderer's policy, also sent as a header");
  });

  it('fails the build when the page policy drifts from the shared one, or is missing or doubled', async () => {
    const source = await readFile('src/renderer/index.html', 'utf8');
    await expect(
      transform('build', source.replace("connect-src 'none'", 'connect-src *')),
    ).rejects.toThrow(/differs from RENDERER_CSP/);
    const tag = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/.exec(source)![0];
    await expect(transform('build', source.replace(tag, ''))).rejects.toThrow(/found 0/);
    await expect(transform('build', source.replace(tag, tag + tag))).rejects.toThrow(/found 2/);
  });
});

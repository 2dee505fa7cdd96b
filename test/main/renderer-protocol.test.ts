import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RENDERER_INDEX_URL,
  rendererFilePath,
  serveRendererFile,
} from '../../src/main/renderer-protocol';
import { withTempDir } from '../support/temp-dir';

describe('the renderer protocol', () => {
  it('maps app://renderer/ paths to files inside the renderer folder only', () => {
    const root = '/opt/Prospect Desk/out/renderer';
    expect(rendererFilePath(root, RENDERER_INDEX_URL)).toBe(`${root}/index.html`);
    expect(rendererFilePath(root, 'app://renderer/')).toBe(`${root}/index.html`);
    expect(rendererFilePath(root, 'app://renderer/assets/index-1.js?v=1#x')).toBe(
      `${root}/assets/index-1.js`,
    );
    expect(rendererFilePath(root, 'app://renderer/a%20b.css')).toBe(`${root}/a b.css`);
    // Dot segments are resolved by the URL itself: they cannot climb above the root.
    expect(rendererFilePath(root, 'app://renderer/../../etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(rendererFilePath(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd')).toBe(
      `${root}/etc/passwd`,
    );
    for (const url of [
      'app://renderer/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://renderer/..%5c..%5csecret',
      'app://renderer/index.html%00.js',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///opt/Prospect%20Desk/out/renderer/index.html',
      'https://renderer/index.html',
      'not a url',
    ]) {
      expect(rendererFilePath(root, url), url).toBeNull();
    }
  });

  it('serves files with their content type, and 404 for anything else', async () => {
    await withTempDir(async (dir) => {
      const root = join(dir, 'renderer');
      await mkdir(join(root, 'assets'), { recursive: true });
      await writeFile(join(root, 'index.html'), '<!doctype html>');
      await writeFile(join(root, 'assets', 'import-worker-x.js'), 'self.onmessage = null;');
      await writeFile(join(dir, 'secret.txt'), 'not served');

      const page = await serveRendererFile(root, RENDERER_INDEX_URL);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toBe('<!doctype html>');

      const worker = await serveRendererFile(root, 'app://renderer/assets/import-worker-x.js');
      expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(worker.headers.get('x-content-type-options')).toBe('nosniff');

      expect((await serveRendererFile(root, 'app://renderer/missing.js')).status).toBe(404);
      expect((await serveRendererFile(root, 'app://renderer/../secret.txt')).status).toBe(404);
      expect((await serveRendererFile(root, 'app://renderer/..%2fsecret.txt')).status).toBe(404);
      expect((await serveRendererFile(root, 'app://renderer/assets')).status).toBe(404);
      // A symlink in the folder that leads out of it is not followed.
      await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
      expect((await serveRendererFile(root, 'app://renderer/assets/link.txt')).status).toBe(404);
    });
  });
});

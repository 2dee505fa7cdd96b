import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { cp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RENDERER_CSP } from '../../src/shared/content-security-policy';
import { makeTempDir } from '../support/temp-dir';
import { launchApp } from './support/harness';
import { serveDirectory } from './support/static-server';
import type { E2eApp } from './support/harness';

// The renderer's policy (src/shared/content-security-policy.ts) arrives twice, as in the
// app: the <meta> tag the build writes into index.html, and the header the app:// handler
// sends with every file (the static server answers through that same handler). Playwright's
// bypassCSP stays off.

interface Violation {
  violatedDirective: string;
  effectiveDirective: string;
  blockedURI: string;
}

/** The few DOM APIs the in-page code uses: tsconfig.node has no DOM lib, on purpose. */
interface PageGlobals {
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: Violation) => void): void;
    createElement(tag: 'script'): { textContent: string | null };
    body: { append(node: unknown): void };
  };
  __inlineScriptRan?: boolean;
  Worker: new (
    url: string,
    options: { type: 'module' },
  ) => {
    onmessage: ((event: { data: unknown }) => void) | null;
    onerror: (() => void) | null;
    postMessage(message: unknown): void;
  };
}

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Resolves with the next `count` CSP violations the page reports. */
function nextViolations(page: Page, count: number) {
  return page.evaluateHandle((wanted) => {
    const { document } = globalThis as unknown as PageGlobals;
    const seen: Violation[] = [];
    return {
      done: new Promise<Violation[]>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const { violatedDirective, effectiveDirective, blockedURI } = event;
          seen.push({ violatedDirective, effectiveDirective, blockedURI });
          if (seen.length === wanted) resolve(seen);
        });
      }),
    };
  }, count);
}

test('the page loads its bundled script under the strict CSP, as a header and as a meta tag', async ({
  page,
}) => {
  app = await launchApp(page);
  await expect(page.locator('#root > *')).not.toHaveCount(0);
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("connect-src 'none'");
  expect(policy).not.toContain('unsafe');
  // Every script is a bundled file: nothing inline to allow.
  expect(await page.locator('script:not([src])').count()).toBe(0);
  const served = await fetch(page.url());
  expect(served.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  expect(policy).toBe(RENDERER_CSP);
});

test('a worker obeys the header: no network, no eval, though the page meta does not reach it', async ({
  page,
}) => {
  const hits: string[] = [];
  const probe = await startProbe(hits);
  // The app's renderer plus a probe worker that tries what the import worker must never do.
  const { dir, cleanup } = await makeTempDir();
  try {
    await cp(resolve('out/renderer'), dir, { recursive: true });
    await writeFile(
      join(dir, 'csp-probe-worker.js'),
      `const attempt = async (run) => { try { return 'ran: ' + (await run()); } catch (error) { return 'blocked: ' + error.name; } };
      self.onmessage = async ({ data }) => self.postMessage({
        fetch: await attempt(() => fetch(data).then((answer) => answer.status)),
        eval: await attempt(() => eval('1 + 1')),
      });`,
    );
    const withHeader = await serveDirectory(dir);
    const withoutHeader = await serveDirectory(dir, {
      withoutHeaders: ['content-security-policy'],
    });
    try {
      const run = async (origin: string) => {
        await page.goto(`${origin}/index.html`);
        return page.evaluate(
          (target) =>
            new Promise((resolve, reject) => {
              const { Worker } = globalThis as unknown as PageGlobals;
              const worker = new Worker('./csp-probe-worker.js', { type: 'module' });
              worker.onmessage = ({ data }) => resolve(data);
              worker.onerror = () => reject(new Error('the probe worker did not start'));
              worker.postMessage(target);
            }),
          `${probe.url}/from-worker`,
        );
      };
      expect(await run(withHeader.url)).toEqual({
        fetch: 'blocked: TypeError',
        eval: 'blocked: EvalError',
      });
      expect(hits).toEqual([]);
      // Control: the same worker without the header runs both, the page's <meta> policy
      // notwithstanding — which is why the app sends the header.
      expect(await run(withoutHeader.url)).toEqual({ fetch: 'ran: 200', eval: 'ran: 2' });
      expect(hits).toEqual(['/from-worker']);
    } finally {
      await withHeader.close();
      await withoutHeader.close();
    }
  } finally {
    await cleanup();
    await probe.close();
  }
});

test('an injected inline <script> never runs and is reported as a violation', async ({ page }) => {
  app = await launchApp(page);
  const violations = await nextViolations(page, 1);
  const ran = await page.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    const { document } = page;
    const script = document.createElement('script');
    script.textContent = 'window.__inlineScriptRan = true;';
    document.body.append(script); // an allowed inline script would run right here
    return page.__inlineScriptRan === true;
  });
  expect(ran).toBe(false);
  const [violation] = await violations.evaluate((handle) => handle.done);
  expect(violation?.violatedDirective).toMatch(/^script-src/);
  expect(violation?.blockedURI).toBe('inline');
});

test('eval and new Function throw EvalError', async ({ page }) => {
  app = await launchApp(page);
  const outcomes = await page.evaluate(
    () =>
      // DevTools' Runtime.evaluate allows eval while it runs (allowUnsafeEvalBlockedByCSP),
      // so the attempts run in a later task, as the page's own code would.
      new Promise((resolve) => {
        const attempt = (run: () => unknown) => {
          try {
            return `ran: ${String(run())}`;
          } catch (error) {
            return error instanceof EvalError ? 'EvalError' : `other error: ${String(error)}`;
          }
        };
        setTimeout(() =>
          resolve({
            // eslint-disable-next-line no-eval -- proving the page's CSP blocks eval
            eval: attempt(() => eval('1+1')),
            // eslint-disable-next-line no-new-func -- proving the page's CSP blocks new Function
            newFunction: attempt(() => new Function('return 1')()),
          }),
        );
      }),
  );
  expect(outcomes).toEqual({ eval: 'EvalError', newFunction: 'EvalError' });
});

test('fetch to the internet or to a local server is refused before anything is sent', async ({
  page,
}) => {
  const hits: string[] = [];
  const probe = await startProbe(hits);
  try {
    app = await launchApp(page);
    const urls = ['https://example.com/', `${probe.url}/from-page`];
    // Each refusal is reported once per policy in force: the header's and the meta's.
    const violations = await nextViolations(page, urls.length * 2);
    const results = await page.evaluate(
      (targets) =>
        Promise.all(
          targets.map((url) =>
            fetch(url).then(
              (response) => `answered ${response.status}`,
              (error: unknown) => `rejected: ${error instanceof Error ? error.name : 'unknown'}`,
            ),
          ),
        ),
      urls,
    );
    expect(results).toEqual(['rejected: TypeError', 'rejected: TypeError']);
    const reported = await violations.evaluate((handle) => handle.done);
    expect(new Set(reported.map((violation) => violation.effectiveDirective))).toEqual(
      new Set(['connect-src']),
    );
    expect(reported.map((violation) => violation.blockedURI).sort()).toEqual(
      [...urls, ...urls].sort(),
    );

    // Control: the probe does record requests that reach it; the page's never did.
    await fetch(`${probe.url}/control`);
    expect(hits).toEqual(['/control']);
  } finally {
    await probe.close();
  }
});

/** A local server that records the path of every request it receives. */
async function startProbe(hits: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('hit');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

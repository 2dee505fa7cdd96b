import { ConnectionsPage } from '../e2e/pages/connections-page';
import { ListsPage } from '../e2e/pages/lists-page';
import { writeProspectsCsv } from './support/prospects-csv';
import { expect, READY_SELECTOR, test } from './support/launch';

// In Electron the policy arrives twice: the <meta> tag the build writes and
// the header the app:// handler sends with every file (the only policy a
// Worker obeys). Any refusal shows up as a console message and as a
// `securitypolicyviolation` event: both are watched from the document's
// response on, through the Sandbox flow and an import.

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** The few DOM APIs the in-page code uses: tsconfig.node has no DOM lib, on purpose. */
interface CspGlobals {
  __cspViolations?: Violation[];
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: {
        effectiveDirective: string;
        blockedURI: string;
        sourceFile: string;
      }) => void,
    ): void;
  };
}

const INDEX_URL = 'app://renderer/index.html';
const ASSETS = 'app://renderer/assets/';
const CSP_MESSAGE = /Refused to|Content[ -]Security[ -]Policy/i;

test('the app loads, connects and imports without one CSP violation, its header policy equal to its <meta>', async ({
  launch,
  tempDir,
}) => {
  const csv = await writeProspectsCsv(tempDir);
  const { electronApp, window } = await launch();

  const refused: string[] = [];
  window.on('console', (message) => {
    if (CSP_MESSAGE.test(message.text())) refused.push(`${message.type()}: ${message.text()}`);
  });
  window.on('pageerror', (error) => {
    if (CSP_MESSAGE.test(error.message)) refused.push(`page error: ${error.message}`);
  });
  await window.addInitScript(() => {
    const page = globalThis as unknown as CspGlobals;
    const seen: Violation[] = [];
    page.__cspViolations = seen;
    page.document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
      });
    });
  });

  // Load the page again with the watchers in place: the whole load is observed.
  const response = await window.reload();
  await window.locator(READY_SELECTOR).waitFor();
  expect(response?.url()).toBe(INDEX_URL);
  const meta = await window
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("default-src 'none'");
  expect(meta).toContain("script-src 'self'");
  expect(
    response?.headers()['content-security-policy'],
    'the app:// handler sends the page policy as a header',
  ).toBe(meta);

  const connections = new ConnectionsPage(window);
  await connections.open();
  await connections.addSandbox();
  await expect(await connections.test('Sandbox')).toHaveText(/Connected: 2,500 prospects/);

  const lists = new ListsPage(window);
  await lists.open();
  const started = window.waitForEvent('worker', {
    predicate: (worker) => worker.url().startsWith(ASSETS),
  });
  await window.getByTestId('file-input').setInputFiles(csv);
  const worker = await started;
  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText('3');

  // The worker runs under its own script's policy: the same one, from the same handler.
  const workerScript = await electronApp.evaluate(async ({ net }, url) => {
    const answer = await net.fetch(url);
    return { status: answer.status, policy: answer.headers.get('content-security-policy') };
  }, worker.url());
  expect(workerScript).toEqual({ status: 200, policy: meta });

  const violations = await window.evaluate(
    () => (globalThis as unknown as CspGlobals).__cspViolations ?? null,
  );
  expect(violations, 'the securitypolicyviolation watcher is installed').not.toBeNull();
  expect(violations).toEqual([]);
  expect(refused).toEqual([]);
});

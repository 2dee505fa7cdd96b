/**
 * The page the window shows when the app's own page cannot load: a
 * self-contained `data:` document (no script, nothing loaded from anywhere),
 * so it renders even when the renderer bundle is missing or broken.
 */
export interface FailureReport {
  title: string;
  detail: string;
  /** Where the details were logged, shown so a report can include them. */
  logFile: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function failurePageUrl(report: FailureReport): string {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Prospect Desk</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:48px;color:#1d2433;background:#fff}
h1{font-size:20px}code{background:#eef1f6;padding:2px 4px;border-radius:4px;word-break:break-all}
@media (prefers-color-scheme:dark){body{color:#e6e9ef;background:#16191f}code{background:#262b35}}
</style></head><body>
<h1>${escapeHtml(report.title)}</h1>
<p>${escapeHtml(report.detail)}</p>
<p>Your lists, backups and runs on disk are not affected. Quit and start Prospect Desk again; if this keeps happening, reinstall it and send us the log file:</p>
<p><code>${escapeHtml(report.logFile)}</code></p>
</body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

#!/usr/bin/env node
// Electronegativity security gate: scans src/ with Doyensec's Electron checks, compares
// every finding with scripts/electronegativity-allowlist.json, prints a table and exits 1
// on any finding that is not allow-listed (its CLI exits 0 even on HIGH findings).
//
// Why src/ and not out/: `npm test` lints before it builds, the scanner parses modern
// TypeScript and TSX fine (Babel), findings then point at the lines we edit, and the
// built renderer bundle would add React's own code to the scan. The scanner ignores
// .cjs/.mjs, so the built preload (out/preload/index.cjs) would not be scanned anyway.
//
// Usage: node scripts/electronegativity.js [dir-to-scan]   (default: src)
// Nothing is written to disk: the library only writes when asked for a CSV/SARIF file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const allowlistPath = path.join(repoRoot, 'scripts', 'electronegativity-allowlist.json');
const scanDir = path.resolve(repoRoot, process.argv[2] ?? 'src');
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);

// Checks that need the network (GitHub's Electron release list) to say anything; this
// machine and CI are offline, and Electron upgrades are Dependabot's job, not a lint's.
const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'];

/**
 * The library fetches translations from S3 at start-up (1 s timeout). Answer that request
 * locally with "not found" so the gate stays offline and quiet; English strings ship with it.
 */
function keepTranslationsOffline() {
  const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = createRequire(path.join(packageDir, 'package.json')).resolve('got');
  const offline = async () => ({ statusCode: 404, body: '', headers: {} });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
}

/** The Electron version we ship, so checks use its secure defaults instead of 0.1.0's. */
function electronVersion() {
  return require('electron/package.json').version;
}

function readAllowlist() {
  const entries = JSON.parse(readFileSync(allowlistPath, 'utf8')).allowed;
  if (!Array.isArray(entries)) throw new Error(`${allowlistPath}: "allowed" must be an array`);
  for (const entry of entries) {
    for (const field of ['check', 'file', 'reason']) {
      if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
        throw new Error(`${allowlistPath}: every entry needs a non-empty "${field}"`);
      }
    }
  }
  return entries.map((entry) => ({ ...entry, used: false, fileRegex: globToRegex(entry.file) }));
}

/** `*` matches within one folder, `**` across folders; everything else is literal. */
function globToRegex(glob) {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const pattern = escaped.replace(/\*\*\/?|\*/g, (star) => (star === '*' ? '[^/]*' : '.*'));
  return new RegExp(`^${pattern}$`);
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SCANNED_EXTENSIONS.has(path.extname(entry.name)))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** Inline `eng-disable` comments hide findings from the library's results: use the allowlist. */
function findInlineSuppressions(files) {
  const hits = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/eng-disable/.test(line)) hits.push(`${relative(file)}:${index + 1}`);
      });
  }
  return hits;
}

function relative(file) {
  return file === 'N/A' ? file : path.relative(repoRoot, file).split(path.sep).join('/');
}

function isAllowed(entry, finding) {
  return (
    entry.check === finding.id &&
    entry.fileRegex.test(finding.file) &&
    (entry.severity === undefined || entry.severity === finding.severity) &&
    (entry.confidence === undefined || entry.confidence === finding.confidence)
  );
}

function printTable(rows) {
  const headers = ['status', 'check', 'severity/confidence', 'location', 'code'];
  const cells = rows.map((row) => [
    row.status,
    row.id,
    `${row.severity}/${row.confidence}`,
    row.location,
    row.sample.length > 60 ? `${row.sample.slice(0, 57)}...` : row.sample,
  ]);
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((cell) => cell[i].length)),
  );
  const line = (values) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const cell of cells) console.log(line(cell));
}

async function main() {
  if (!existsSync(scanDir)) throw new Error(`Nothing to scan: ${scanDir} does not exist.`);
  const files = listFiles(scanDir);
  if (files.length === 0) throw new Error(`Nothing to scan: no JS/TS/HTML files in ${scanDir}.`);

  const allowlist = readAllowlist();
  keepTranslationsOffline();
  const library = require('@doyensec/electronegativity');
  const run = library.default ?? library;
  const version = electronVersion();
  const result = await run(
    {
      input: scanDir,
      isRelative: false,
      electronVersionOverride: version,
      excludeFromScan: OFFLINE_EXCLUDED_CHECKS.map((name) => name.toLowerCase()),
    },
    false,
  );

  const rows = result.issues.map((issue) => {
    const finding = {
      id: issue.id,
      file: relative(issue.file),
      severity: issue.severity.name,
      confidence: issue.confidence.name,
    };
    const entry = allowlist.find((candidate) => isAllowed(candidate, finding));
    if (entry) entry.used = true;
    return {
      ...finding,
      status: entry ? 'allowed' : 'NEW',
      location: `${finding.file}:${issue.location.line}:${issue.location.column}`,
      sample: (issue.sample ?? '').trim(),
    };
  });

  console.log(
    `Electronegativity: ${files.length} files in ${relative(scanDir)}, Electron ${version}, ` +
      `${result.atomicChecks} atomic + ${result.globalChecks} global checks.`,
  );
  if (rows.length > 0) printTable(rows);

  const problems = [];
  for (const error of result.errors) {
    const text = `${relative(error.file)}: ${error.message}`;
    if (error.tolerable) console.log(`warning: parser: ${text}`);
    else problems.push(`could not parse (so not scanned) ${text}`);
  }
  for (const row of rows.filter((candidate) => candidate.status === 'NEW')) {
    problems.push(`not allow-listed: ${row.id} at ${row.location}`);
  }
  for (const entry of allowlist.filter((candidate) => !candidate.used)) {
    problems.push(
      `stale allowlist entry (no longer found, remove it): ${entry.check} ${entry.file}`,
    );
  }
  for (const hit of findInlineSuppressions(files)) {
    problems.push(`inline eng-disable comment at ${hit}: use ${relative(allowlistPath)} instead`);
  }

  if (problems.length > 0) {
    console.error(
      `\nElectronegativity gate FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    console.error(
      `Fix the code, or add an entry with a reason to ${relative(allowlistPath)} ` +
        '(see https://github.com/doyensec/electronegativity/wiki for each check).',
    );
    process.exitCode = 1;
  } else {
    console.log(`Electronegativity gate passed (${rows.length} allow-listed findings).`);
  }
}

main().catch((error) => {
  console.error(`Electronegativity gate could not run: ${error.stack ?? error}`);
  process.exitCode = 1;
});

import { AppError } from '../app-error';

/**
 * Export file names from the renderer, made safe for `exports/`.
 *
 * The name comes from the page, so anything that could leave the folder
 * (separators, `..`, a leading dot) is refused outright; characters Windows
 * forbids in names are replaced, so the same name works on every OS.
 */
export const EXPORT_EXTENSIONS = ['.csv', '.json'] as const;
const MAX_BASE_LENGTH = 150;
// Windows: reserved characters and control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f]+/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** `view.CSV` → `{ base: 'view', ext: '.csv' }`; throws a validation AppError when unsafe. */
export function safeExportName(fileName: string): { base: string; ext: string } {
  const name = fileName.trim();
  if (/[\\/]/.test(name) || name.includes('..') || name.startsWith('.')) {
    throw new AppError(
      'validation',
      'The export name may not contain folders, "..", or start with a dot.',
    );
  }
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (!(EXPORT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new AppError('validation', 'Export file names end in .csv or .json.');
  }
  let base = name
    .slice(0, dot)
    .replace(FORBIDDEN, '-')
    // Windows drops trailing dots and spaces, which would change the name.
    .replace(/[. ]+$/, '')
    .slice(0, MAX_BASE_LENGTH);
  if (base.trim() === '') throw new AppError('validation', 'Give the export a name.');
  if (RESERVED.test(base)) base = `${base}-export`;
  return { base, ext };
}

/**
 * The first of `base.ext`, `base (2).ext`, `base (3).ext`… not in `taken`.
 * `taken` holds lower-cased names: macOS and Windows folders ignore case.
 */
export function uniqueExportName(base: string, ext: string, taken: ReadonlySet<string>): string {
  let name = `${base}${ext}`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})${ext}`;
  return name;
}

/** `<label>-<UTC timestamp>.<format>` for files main names itself (account exports). */
export function exportFileName(label: string, format: string): string {
  const safe = label.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'account';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `${safe}-${stamp}.${format}`;
}

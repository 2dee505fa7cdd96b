/**
 * Per-cell normalisers, one per kind of field. They run on every cell of
 * million-row files: each returns its input unchanged (no allocation) when
 * there is nothing to fix, and uses only linear scans or single-class regular
 * expressions (no backtracking).
 *
 * All of them trim first. JavaScript's trim() already removes NBSP, the BOM
 * and the other Unicode spaces, so "\u00a0Acme\u00a0" becomes "Acme".
 */

/** Whitespace as trim() and `\s` see it; the common non-space case costs one comparison. */
function isSpace(c: number): boolean {
  if (c > 32 && c < 0xa0) return false;
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && isUnicodeSpace(c));
}

function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Words separated by single ASCII spaces, nothing around them. Linear: a
// space can never be matched by `\S`, so a failed attempt backtracks at most
// once per character. Faster than a JavaScript loop over char codes.
const CLEAN = /^\S+(?: \S+)*$/;

/**
 * True when `value` has no leading or trailing whitespace and no whitespace
 * inside other than single ASCII spaces: the usual case, checked in one scan.
 */
function isClean(value: string): boolean {
  return value === '' || CLEAN.test(value);
}

/** True when trim() would change nothing (checked on the two edge characters). */
function isTrimmed(value: string): boolean {
  const n = value.length;
  return n === 0 || (!isSpace(value.charCodeAt(0)) && !isSpace(value.charCodeAt(n - 1)));
}

/** Replaces runs of whitespace (line breaks, tabs, NBSP …) by one space; expects trimmed input. */
export function collapseWhitespace(value: string): string {
  return isClean(value) ? value : value.replace(/\s+/g, ' ');
}

/** Free text kept as written, trimmed. */
export function normaliseText(raw: string): string {
  return isTrimmed(raw) ? raw : raw.trim();
}

/** Names, company, title, city …: trimmed, internal whitespace collapsed to single spaces. */
export function normaliseName(raw: string): string {
  return isClean(raw) ? raw : raw.trim().replace(/\s+/g, ' ');
}

/** Addresses: line breaks become ", " (Google's formatted address is multi-line), then collapsed. */
export function normaliseAddress(raw: string): string {
  if (isClean(raw)) return raw;
  const value = raw.trim();
  if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) return collapseWhitespace(value);
  const lines = value.split(/\r\n|\r|\n/);
  let out = '';
  for (const line of lines) {
    const part = line.trim();
    if (part === '') continue;
    out = out === '' ? part : `${out}, ${part}`;
  }
  return collapseWhitespace(out);
}

/**
 * Snippets keep their line breaks (normalised to "\n") and inner spacing: they
 * are pasted into emails. A literal `<br/>` is kept as written; turning "\n"
 * into `<br/>` for the API is lineBreaksToHtml()'s job, at send time.
 */
export function normaliseSnippet(raw: string): string {
  const value = isTrimmed(raw) ? raw : raw.trim();
  return value.indexOf('\r') === -1 ? value : value.replace(/\r\n?/g, '\n');
}

/** Woodpecker's documented way to put a line break in a snippet (api-docs update example). */
export function lineBreaksToHtml(value: string): string {
  return value.indexOf('\n') === -1 ? value : value.replace(/\n/g, '<br/>');
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;
const INVISIBLE_ALL = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Emails are kept as written (Woodpecker matches them case-insensitively;
 * use emailKey() to compare), trimmed, without a `mailto:` prefix or
 * zero-width characters copied from web pages.
 */
export function normaliseEmail(raw: string): string {
  let value = raw.trim();
  if (value.length > 7 && (value.charCodeAt(0) | 0x20) === 109) {
    if (value.slice(0, 7).toLowerCase() === 'mailto:') value = value.slice(7).trim();
  }
  return INVISIBLE.test(value) ? value.replace(INVISIBLE_ALL, '') : value;
}

/** The case-insensitive identity of an email, for duplicates and matching; null when empty. */
export function emailKey(email: string): string | null {
  const value = email.trim();
  return value === '' ? null : value.toLowerCase();
}

/**
 * Phones: the leading apostrophe some exporters add to keep Excel from
 * reading `+1 555…` as a formula is removed, as is Excel's `="0123"` text
 * wrapper; spaces collapsed. Digits and punctuation are otherwise kept.
 */
export function normalisePhone(raw: string): string {
  if (isClean(raw) && raw.charCodeAt(0) !== 39 && raw.charCodeAt(0) !== 0x2019 && raw[0] !== '=') {
    return raw;
  }
  let value = raw.trim();
  const first = value.charCodeAt(0);
  if (first === 39 || first === 0x2019) value = value.slice(1).trim();
  if (value.length >= 3 && value.startsWith('="') && value.endsWith('"')) {
    value = value.slice(2, -1).trim();
  }
  return collapseWhitespace(value);
}

/** Status: trimmed and uppercased; validity is checked by isProspectStatus(). */
export function normaliseStatus(raw: string): string {
  const value = raw.trim();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 65 || c > 90) return value.toUpperCase();
  }
  return value;
}

const TAG_SEPARATORS = /[\s,;]+/;
const TAG_EDGE = /^[#"'`]+|["'`]+$/g;

/**
 * Tags in Woodpecker's form, `#tag #other` (notes/api-facts.md): split on
 * commas, semicolons and whitespace (so "Big Fish" gives two tags), leading
 * `#` and quotes stripped, duplicates dropped case-insensitively (first
 * spelling kept), order kept.
 */
export function normaliseTags(raw: string): string {
  if (isCanonicalTags(raw)) return raw;
  const value = raw.trim();
  if (value === '') return value;
  const parts = value.split(TAG_SEPARATORS);
  const seen: string[] = [];
  let out = '';
  for (const part of parts) {
    const tag = part.replace(TAG_EDGE, '');
    if (tag === '') continue;
    const key = tag.toLowerCase();
    if (seen.includes(key)) continue;
    seen.push(key);
    out = out === '' ? `#${tag}` : `${out} #${tag}`;
  }
  return out;
}

/**
 * Fast path: already `#a #b` with single spaces, nothing to strip and no
 * repeated tag (ASCII case-folded; any non-ASCII tag pair of equal length
 * goes the slow way).
 */
function isCanonicalTags(value: string): boolean {
  const n = value.length;
  if (n < 2 || value.charCodeAt(0) !== 35) return false;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? value.charCodeAt(i) : 32;
    if (c === 32) {
      if (i - start < 2 || repeatsEarlierTag(value, start, i)) return false;
      if (i === n) return true;
      if (value.charCodeAt(i + 1) !== 35) return false;
      start = i + 1;
      i++;
    } else if (c === 35 || c === 44 || c === 59 || c === 34 || c === 39 || c === 96 || isSpace(c)) {
      return false;
    }
  }
  return true;
}

// Is the tag value[start..end) equal (case-insensitively) to one before it?
function repeatsEarlierTag(value: string, start: number, end: number): boolean {
  const length = end - start;
  let tagStart = 0;
  while (tagStart < start) {
    let tagEnd = value.indexOf(' ', tagStart);
    if (tagEnd === -1 || tagEnd > start) tagEnd = start - 1;
    if (tagEnd - tagStart === length && sameTag(value, tagStart, start, length)) return true;
    tagStart = tagEnd + 1;
  }
  return false;
}

function sameTag(value: string, a: number, b: number, length: number): boolean {
  for (let k = 1; k < length; k++) {
    let x = value.charCodeAt(a + k);
    let y = value.charCodeAt(b + k);
    if (x === y) continue;
    if (x >= 128 || y >= 128) return true; // unsure: let the slow path decide
    if (x >= 65 && x <= 90) x |= 0x20;
    if (y >= 65 && y <= 90) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

function isSchemeChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45
  );
}

/**
 * Web addresses: trimmed; `https://` added when there is no scheme
 * ("acme.com", "www.linkedin.com/in/x", "//acme.com"). An explicit scheme is
 * kept as written so checkUrl() can reject javascript:, data: and the like.
 * A dot ends the scheme scan, so "acme.com:8080" counts as scheme-less.
 */
export function normaliseUrl(raw: string): string {
  const value = raw.trim();
  if (value === '') return value;
  const first = value.charCodeAt(0);
  if ((first | 0x20) >= 97 && (first | 0x20) <= 122) {
    for (let i = 1; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 58) return value;
      if (!isSchemeChar(c)) break;
    }
  }
  if (first === 47 && value.charCodeAt(1) === 47) return `https:${value}`;
  return `https://${value}`;
}

/**
 * Cell validators for import rows, and the error shape the grid shows.
 *
 * Validators take an already normalised, non-empty value and return `null`
 * when it is fine or a message saying what is wrong. They run on every cell of
 * million-row files, so they scan character codes instead of using regular
 * expressions (no backtracking, no allocation on the happy path).
 */
import { PROSPECT_STATUSES, type ProspectStatus } from '../prospect';
import type { ProspectField } from './prospect-fields';

export type CellErrorCode =
  'missing-email' | 'empty-row' | 'invalid-email' | 'invalid-status' | 'invalid-url' | 'too-long';

/** One problem in one cell; any error keeps the row from being sent until fixed. */
export interface CellError {
  /** 1-based source line/record number, as given by the caller. */
  row: number;
  /** The source header ('' when no column is involved, e.g. no email column mapped). */
  column: string;
  /** Source column index, -1 when no column is involved. */
  columnIndex: number;
  field: ProspectField | null;
  code: CellErrorCode;
  message: string;
  /** The normalised value that failed ('' for missing values). */
  value: string;
}

const STATUS_SET: ReadonlySet<string> = new Set(PROSPECT_STATUSES);

/** True for Woodpecker's statuses (notes/api-facts.md); expects uppercase input. */
export function isProspectStatus(value: string): value is ProspectStatus {
  return STATUS_SET.has(value);
}

export const STATUS_MESSAGE = `Status must be one of ${PROSPECT_STATUSES.join(', ')}`;

// RFC 5322 "atext" (letters, digits and !#$%&'*+-/=?^_`{|}~) for the local part.
const ATEXT = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~") {
  ATEXT[ch.charCodeAt(0)] = 1;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Whitespace and control characters, including NBSP and the Unicode spaces trim() knows. */
function isSpaceOrControl(c: number): boolean {
  return (
    c <= 32 ||
    c === 127 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Pragmatic email syntax check, not RFC 5322-complete: `local@domain.tld`,
 * one `@`, no spaces, an ASCII local part of 1–64 characters from RFC 5322's
 * atext with single inner dots (no quoted local parts, no comments), a domain
 * of at least two labels of letters/digits/hyphens (non-ASCII letters allowed
 * for internationalised domains; no IP literals), a top-level label of two or
 * more characters not all digits, and at most 254 characters in all.
 */
export function checkEmail(value: string): string | null {
  const n = value.length;
  if (n > 254) return 'Email is longer than 254 characters';
  if (value.charCodeAt(0) === 47 && (value.charCodeAt(1) | 0x20) === 111) {
    return 'An Exchange internal address (/O=…), not an email: export the SMTP address instead';
  }
  const at = value.indexOf('@');
  if (at === -1) return 'Email has no @ (expected name@company.com)';
  if (value.indexOf('@', at + 1) !== -1) return 'Email has more than one @';
  if (at === 0) return 'Email has nothing before the @';
  if (at > 64) return 'The part before the @ is longer than 64 characters';
  let previousDot = true;
  for (let i = 0; i < at; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (previousDot) return 'Email has a misplaced dot before the @';
      previousDot = true;
    } else if (c < 128 && ATEXT[c] === 1) {
      previousDot = false;
    } else {
      return badCharacter(c, value[i] ?? '');
    }
  }
  if (previousDot) return 'Email has a misplaced dot before the @';
  return checkDomain(value, at + 1, n);
}

function checkDomain(value: string, start: number, end: number): string | null {
  if (start === end) return 'Email has nothing after the @';
  let labels = 0;
  let labelLength = 0;
  let labelAllDigits = true;
  let previous = 46;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (labelLength === 0 || previous === 45) return 'Email domain is malformed (check the dots)';
      labels++;
      labelLength = 0;
      labelAllDigits = true;
    } else if (c === 45) {
      if (labelLength === 0) return 'Email domain is malformed (a part starts with "-")';
      labelLength++;
      labelAllDigits = false;
    } else if (isAsciiAlnum(c) || (c >= 128 && !isSpaceOrControl(c))) {
      labelLength++;
      if (c < 48 || c > 57) labelAllDigits = false;
    } else {
      return badCharacter(c, value[i] ?? '');
    }
    if (labelLength > 63) return 'Email domain has a part longer than 63 characters';
    previous = c;
  }
  if (labelLength === 0 || previous === 45) return 'Email domain is malformed (check the end)';
  if (labels === 0) return 'Email domain has no dot (expected name@company.com)';
  if (labelLength < 2 || labelAllDigits) return 'Email domain does not end in a valid extension';
  return null;
}

function badCharacter(code: number, char: string): string {
  if (isSpaceOrControl(code)) return 'Email contains a space or an invisible character';
  if (code >= 128) return `Email contains "${char}" before the @ (only ASCII is accepted there)`;
  return `Email contains "${char}", which is not allowed`;
}

function startsWithIgnoreCase(value: string, prefix: string, from: number): boolean {
  if (value.length - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = value.charCodeAt(from + i);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** Length of a leading `http://` or `https://` (any case), else 0. */
function httpSchemeLength(value: string): number {
  if (
    (value.charCodeAt(0) | 0x20) !== 104 ||
    (value.charCodeAt(1) | 0x20) !== 116 ||
    (value.charCodeAt(2) | 0x20) !== 116 ||
    (value.charCodeAt(3) | 0x20) !== 112
  ) {
    return 0;
  }
  const p = (value.charCodeAt(4) | 0x20) === 115 ? 5 : 4;
  const slashes =
    value.charCodeAt(p) === 58 && value.charCodeAt(p + 1) === 47 && value.charCodeAt(p + 2) === 47;
  return slashes ? p + 3 : 0;
}

// Fast paths for the common shapes (ASCII host, optional port, no spaces or
// control characters). Linear: labels are separated by dots that no label
// character matches. Anything they reject goes through explainUrl(), which
// accepts more (IDN hosts, underscores) and says what is wrong.
const WEB_OK =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be rejected
  /^https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d{1,5})?(?:[/?#][^\s\x00-\x1f\x7f\u200b-\u200d]*)?$/i;
const LINKEDIN_OK =
  // eslint-disable-next-line no-control-regex -- as above
  /^https?:\/\/(?:[a-z0-9-]+\.)*linkedin\.com(?::\d{1,5})?(?!\/company\/)(?:[/?#][^\s\x00-\x1f\x7f\u200b-\u200d]*)?$/i;

/**
 * Checks an absolute web address: http(s) only (javascript:, data:, file: …
 * are rejected), no spaces or control characters, a host with a dot and an
 * optional numeric port. With `linkedIn`, the host must be linkedin.com (or a
 * subdomain) and the path not a company page: linkedin_url is the person's
 * profile. One pass over the host, one over the rest.
 */
export function checkUrl(value: string, linkedIn: boolean): string | null {
  if ((linkedIn ? LINKEDIN_OK : WEB_OK).test(value)) return null;
  return explainUrl(value, linkedIn);
}

/** checkUrl() without the fast path: the message for a rejected address (exported for tests). */
export function explainUrl(value: string, linkedIn: boolean): string | null {
  const hostStart = httpSchemeLength(value);
  if (hostStart === 0) {
    const colon = value.indexOf(':');
    const scheme = colon > 0 ? value.slice(0, colon + 1) : value.slice(0, 12);
    return `Only http:// and https:// addresses are accepted (got "${scheme}")`;
  }
  const n = value.length;
  let labels = 0;
  let labelLength = 0;
  let nameEnd = -1;
  let i = hostStart;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || (c >= 65 && c <= 90)) {
      labelLength++;
    } else if (c === 46) {
      if (labelLength === 0) return 'Address has a malformed host (check the dots)';
      labels++;
      labelLength = 0;
    } else if (c === 47 || c === 63 || c === 35) {
      break;
    } else if (c === 58) {
      nameEnd = i;
      let j = i + 1;
      while (j < n && value.charCodeAt(j) >= 48 && value.charCodeAt(j) <= 57) j++;
      const next = value.charCodeAt(j);
      if (j < n && next !== 47 && next !== 63 && next !== 35) {
        const at = value.indexOf('@', i);
        const path = value.slice(i).search(/[/?#]/);
        return at !== -1 && (path === -1 || at < i + path)
          ? 'Address contains a user name before the host (@)'
          : 'Address has a malformed port';
      }
      i = j;
      break;
    } else if (c === 64) {
      return 'Address contains a user name before the host (@)';
    } else if (isSpaceOrControl(c)) {
      return 'Address contains a space or an invisible character';
    } else if (c >= 128 || c === 95) {
      labelLength++;
    } else {
      return `Address host contains "${value[i] ?? ''}", which is not allowed`;
    }
  }
  const hostEnd = i;
  if (nameEnd === -1) nameEnd = hostEnd;
  if (labels === 0 && labelLength === 0) return 'Address has no host';
  if (labels === 0 || labelLength === 0) return 'Address host has no dot (expected example.com)';
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if ((c <= 32 || c >= 127) && isSpaceOrControl(c)) {
      return 'Address contains a space or an invisible character';
    }
  }
  if (!linkedIn) return null;
  if (!isLinkedInHost(value, hostStart, nameEnd)) return 'Not a LinkedIn address (linkedin.com)';
  if (startsWithIgnoreCase(value, '/company/', hostEnd)) {
    return "A LinkedIn company page, not the person's profile";
  }
  return null;
}

function isLinkedInHost(value: string, start: number, end: number): boolean {
  const from = end - 12; // 'linkedin.com'.length
  if (from < start || !startsWithIgnoreCase(value, 'linkedin.com', from)) return false;
  return from === start || value.charCodeAt(from - 1) === 46;
}

/**
 * Header normalisation: how two spellings of a column header are recognised
 * as the same ("First Name", "first_name", "firstName", "FIRST-NAME").
 *
 * Runs once per column, never per row, so clarity beats speed here.
 */

// Zero-width characters and BOMs anywhere, plus a UTF-8 BOM decoded as
// windows-1252 ("ï»¿"): Excel's BOM breaking the first header is a top
// complaint (notes/api-facts.md, last section).
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const MOJIBAKE_BOM = /^(?:\u00ef\u00bb\u00bf)+/;
const EDGE_QUOTES = /^["'`\u2018\u2019\u201c\u201d]+|["'`\u2018\u2019\u201c\u201d]+$/g;

/** Letters that Unicode decomposition leaves alone (Polish ł, German ß …). */
const FOLD: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ı: 'i',
  þ: 'th',
};
const FOLD_CHARS = /[łøæœßđıþ]/g;

// Token pairs that camelCase splitting or hyphens tear apart: "LinkedIn" →
// "linked in", "E-mail" → "e mail".
const JOINS: ReadonlyArray<readonly [string, string, string]> = [
  ['linked', 'in', 'linkedin'],
  ['e', 'mail', 'email'],
  ['web', 'site', 'website'],
  ['home', 'page', 'homepage'],
  ['web', 'page', 'webpage'],
];

/**
 * The header as a person would read it: BOM remnants, zero-width characters
 * and stray surrounding quotes removed, whitespace collapsed.
 */
export function cleanHeader(raw: string): string {
  return raw
    .replace(INVISIBLE, '')
    .replace(MOJIBAKE_BOM, '')
    .trim()
    .replace(EDGE_QUOTES, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lowercase, accent-free words of a header: camelCase and letter/digit
 * boundaries split ("E-mail 2" → ["email", "2"], "linkedinUrl" → ["linkedin", "url"]).
 */
export function headerTokens(raw: string): string[] {
  const spaced = cleanHeader(raw)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(FOLD_CHARS, (ch) => FOLD[ch] ?? ch)
    .replace(/([a-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([a-z])/g, '$1 $2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (spaced === '') return [];
  const tokens = spaced.split(' ');
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const next = tokens[i + 1];
    const join = JOINS.find(([a, b]) => a === token && b === next);
    if (join) {
      out.push(join[2]);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * The compact key headers are matched by: tokens joined without spaces
 * ("First Name", "first_name" and "FirstName" all give "firstname").
 */
export function headerKey(raw: string): string {
  return headerTokens(raw).join('');
}

/**
 * How a value of a change is shown in the preview, so snippet changes are
 * easy to read: `<br/>` and line breaks shown as lines, whitespace the eye
 * cannot see made visible where it matters (at the ends of a line, tabs,
 * non-breaking spaces), and long values cut with a count of what is hidden.
 * Pure text: the renderer decides the styling.
 */
import { isSnippetField, type ProspectField } from '../import/prospect-fields';

/** Default characters shown before a value is cut (the full value stays available). */
export const DISPLAY_MAX_CHARS = 500;

export interface DisplayValue {
  /** One entry per line; `<br/>` / `<br>` in snippets start a new line. */
  lines: string[];
  /** Characters left out after `maxChars`. */
  hiddenChars: number;
  /** True for '' (shown as "empty" by the UI). */
  empty: boolean;
}

const BR_TAG = /<br\s*\/?>/gi;

/**
 * Splits and marks a value for display: tabs → "→", non-breaking spaces →
 * "⍽", spaces at the start or end of a line → "·".
 */
export function displayValue(
  field: ProspectField,
  value: string,
  maxChars = DISPLAY_MAX_CHARS,
): DisplayValue {
  if (value === '') return { lines: [], hiddenChars: 0, empty: true };
  const shown = value.length > maxChars ? value.slice(0, maxChars) : value;
  const text = isSnippetField(field) ? shown.replace(BR_TAG, '\n') : shown;
  const lines = text.split(/\r\n|\r|\n/).map(markWhitespace);
  return { lines, hiddenChars: value.length - shown.length, empty: false };
}

function markWhitespace(line: string): string {
  const marked = line.replace(/\t/g, '→').replace(/\u00a0/g, '⍽');
  const start = marked.length - marked.trimStart().length;
  const end = marked.trimEnd().length;
  if (start === 0 && end === marked.length) return marked;
  if (start === marked.length) return '·'.repeat(marked.length);
  return '·'.repeat(start) + marked.slice(start, end) + '·'.repeat(marked.length - end);
}

/** Lead ids pasted one per line: unique ids, and the lines that cannot be ids. */
export interface PastedLeadIds {
  ids: string[];
  bad: { line: number; text: string; reason: string }[];
}

// Main takes at most this many ids per run (contract.ts 'leads-delete:backup').
export const MAX_LEAD_IDS = 100_000;

/**
 * Reads lead ids, one per line. Leads API ids are opaque strings
 * (e.g. `lead_3fa2c1…`): a line with spaces inside, or longer than 200
 * characters, is a paste mistake, not an id. Duplicates are dropped.
 */
export function parseLeadIds(text: string): PastedLeadIds {
  const ids = new Set<string>();
  const bad: PastedLeadIds['bad'] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    if (/\s/.test(line)) bad.push({ line: index + 1, text: line, reason: 'an id has no spaces' });
    else if (line.length > 200) bad.push({ line: index + 1, text: line, reason: 'too long' });
    else ids.add(line);
  });
  if (ids.size > MAX_LEAD_IDS) {
    bad.push({ line: 0, text: '', reason: `more than ${MAX_LEAD_IDS} ids: split the run` });
  }
  return { ids: [...ids], bad };
}

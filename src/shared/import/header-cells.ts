/**
 * Names for the header row's cells: every column gets a unique, non-blank
 * name, because mapping, presets and exports address columns by name.
 *
 * Blank cells become `Column 7` (1-based, as spreadsheets count); a repeated
 * name becomes `Email (2)`, `Email (3)`. Names compare case-insensitively,
 * since mapping does too.
 */
export interface HeaderNames {
  names: string[];
  /** 1-based columns whose header cell was blank. */
  blank: number[];
  /** Repeated names and what they were renamed to. */
  duplicates: { name: string; renamedTo: string }[];
}

export function nameHeaderCells(cells: readonly string[]): HeaderNames {
  const names: string[] = [];
  const blank: number[] = [];
  const duplicates: HeaderNames['duplicates'] = [];
  const used = new Set<string>();
  // Real names first, so `Column 3` in the file wins over a generated one.
  const trimmed = cells.map((c) => c.trim());
  for (const name of trimmed) if (name !== '') used.add(name.toLowerCase());
  const seen = new Set<string>();
  for (let i = 0; i < trimmed.length; i++) {
    const name = trimmed[i]!;
    if (name === '') {
      blank.push(i + 1);
      names.push(unique(`Column ${i + 1}`, used));
      continue;
    }
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      names.push(name);
      continue;
    }
    const renamedTo = unique(name, used, 2);
    duplicates.push({ name, renamedTo });
    names.push(renamedTo);
  }
  return { names, blank, duplicates };
}

/** `base` (when `first` is 1) or `base (n)` for the first free n ≥ 2; marks it used. */
function unique(base: string, used: Set<string>, first = 1): string {
  let n = first;
  let name = n === 1 ? base : `${base} (${n})`;
  while (used.has(name.toLowerCase())) {
    n++;
    name = `${base} (${n})`;
  }
  used.add(name.toLowerCase());
  return name;
}

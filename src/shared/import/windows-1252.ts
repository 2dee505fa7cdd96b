/**
 * Windows-1252's 0x80–0x9F block (€, curly quotes, dashes, Š, Ž …).
 *
 * Node 20's TextDecoder('windows-1252') decodes these bytes as Latin-1 C1
 * control characters (U+0080–U+009F) instead; browsers follow the WHATWG
 * table. Mapping the C1 characters afterwards gives the same text in both, and
 * is a no-op where the decoder was already right. The five bytes the table
 * leaves undefined (81, 8D, 8F, 90, 9D) stay as they are, as in WHATWG.
 */
const TABLE: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

const C1 = /[\u0080-\u009f]/g;

export function fixWindows1252(text: string): string {
  C1.lastIndex = 0;
  if (!C1.test(text)) return text;
  return text.replace(C1, (c) => TABLE[c.charCodeAt(0)] ?? c);
}

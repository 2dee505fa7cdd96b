import type { BackupConnection } from '../../../src/main/backup/backup-manifest';

export const CONNECTION: BackupConnection = {
  id: 'conn-1',
  label: 'Main account',
  kind: 'woodpecker',
};

/**
 * Woodpecker-shaped prospects as the API returns them: numeric ids, the
 * `last replied` key with its space, nested `snippet_labels`, unicode and
 * formula-looking text.
 */
export function prospects(count: number, firstId = 1091000001): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    email: `p${i}@exämple.com`,
    first_name: i % 3 === 0 ? 'Zoë 👩‍💻' : 'Ana',
    last_name: i % 7 === 0 ? '=HYPERLINK("http://x")' : 'Núñez, "Jr."',
    phone: '+1 415-555-0100',
    snippet_labels: { Rôle: 'CTO', line: 'a\nb' },
    tags: ['#vip', '#新'],
    'last replied': i % 2 === 0 ? null : '2026-11-01T10:00:00+0000',
    encrypted: false,
  }));
}

export const idsOf = (records: readonly Record<string, unknown>[]): string[] =>
  records.map((r) => String(r.id));

/** Yields the records asynchronously, like pages arriving from the API. */
export async function* asPages(
  records: readonly Record<string, unknown>[],
  pageSize = 1000,
): AsyncGenerator<Record<string, unknown>> {
  for (let i = 0; i < records.length; i += pageSize) {
    await Promise.resolve();
    yield* records.slice(i, i + pageSize);
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { HISTORY_KINDS, HISTORY_STATES } from '../../shared/history';
import type { HistoryEntry } from '../../shared/history';
import { SerialQueue } from '../api/http/account-queue';
import { fsyncDirectory } from '../store/atomic-write';

const historyEntrySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(HISTORY_KINDS),
  state: z.enum(HISTORY_STATES),
  startedAt: z.string().min(1),
  finishedAt: z.string().min(1),
  connection: z.object({
    id: z.string().min(1),
    label: z.string(),
    companyId: z.number().int().optional(),
  }),
  list: z.object({ id: z.string(), name: z.string() }).optional(),
  runId: z.string().optional(),
  counts: z.record(z.string(), z.number()),
  files: z.array(z.object({ label: z.string(), path: z.string() })),
  backup: z.string().optional(),
  message: z.string().optional(),
});

export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

/**
 * `<dataDir>/history.jsonl`: one entry per line, appended and fsync'd, so an
 * entry written survives a crash. Lines are never rewritten. A line that does
 * not parse (a torn last line, or damage) is skipped and counted rather than
 * hiding the whole history.
 */
export class HistoryStore {
  private readonly path: string;
  private readonly queue = new SerialQueue();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'history.jsonl');
  }

  /** Appends an entry and returns it with its id. */
  async append(entry: NewHistoryEntry): Promise<HistoryEntry> {
    const full: HistoryEntry = { id: `h_${randomBytes(6).toString('hex')}`, ...entry };
    historyEntrySchema.parse(full);
    await this.queue.run(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(this.path, 'a+', 0o600);
      try {
        // A torn line left by a crash must not swallow this one.
        const { size } = await handle.stat();
        const prefix = size > 0 && !(await endsWithNewline(handle, size)) ? '\n' : '';
        await handle.write(`${prefix}${JSON.stringify(full)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsyncDirectory(dirname(this.path));
    });
    return full;
  }

  /** Every entry, newest first, and how many lines could not be read. */
  async list(): Promise<{ entries: HistoryEntry[]; unreadable: number }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0 };
      throw error;
    }
    const entries: HistoryEntry[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if (parsed) entries.push(parsed);
      else unreadable++;
    }
    return { entries: entries.reverse(), unreadable };
  }
}

function parseLine(line: string): HistoryEntry | null {
  try {
    const parsed = historyEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as HistoryEntry) : null;
  } catch {
    return null;
  }
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

import { readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { mappingPresetSchema } from '../../shared/import/mapping-presets';
import type { MappingPreset } from '../../shared/import/mapping-presets';
import { SerialQueue } from '../api/http/account-queue';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';
import { isNotFound } from './list-folders';

/**
 * Saved column mappings, `presets.json` in the data folder (sample shape in
 * shared/import/mapping-presets.ts): a JSON array, validated on every read.
 *
 * A preset with the same id or the same header signature is replaced, so
 * re-saving a mapping for the same export never piles up near-copies ("the
 * same headers come back": findPreset then finds exactly one).
 */
const presetsFile = z.array(mappingPresetSchema);

export class PresetStore {
  private readonly path: string;
  /** Saves are read-modify-write: one at a time, or one would lose the other. */
  private readonly queue = new SerialQueue();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'presets.json');
  }

  /** Every preset, oldest first. A damaged file is an error, never an empty list. */
  async list(): Promise<MappingPreset[]> {
    const read = await this.read();
    if (!read.ok) throw new AppError('internal', `Saved mappings cannot be read: ${read.reason}.`);
    return read.presets;
  }

  /**
   * Saves `preset`, replacing one with its id or signature. A damaged file is
   * kept aside as `presets.damaged-<time>.json` (for support to recover) and a
   * fresh one started, rather than refusing every save from then on.
   */
  async save(preset: MappingPreset): Promise<MappingPreset> {
    return this.queue.run(async () => {
      const read = await this.read();
      if (!read.ok) {
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        await rename(this.path, join(dirname(this.path), `presets.damaged-${stamp}.json`));
      }
      const others = (read.ok ? read.presets : []).filter(
        (p) => p.id !== preset.id && p.signature !== preset.signature,
      );
      const presets = [...others, preset];
      await writeFileDurably(this.path, `${JSON.stringify(presets, null, 2)}\n`);
      return preset;
    });
  }

  private async read(): Promise<
    { ok: true; presets: MappingPreset[] } | { ok: false; reason: string }
  > {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return { ok: true, presets: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'presets.json is not valid JSON' };
    }
    const parsed = presetsFile.safeParse(json);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join('.') ?? '';
      return { ok: false, reason: `presets.json is invalid at "${path}"` };
    }
    return { ok: true, presets: parsed.data };
  }
}

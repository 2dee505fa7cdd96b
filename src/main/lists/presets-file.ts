import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { mappingPresetSchema } from '../../shared/import/mapping-presets';
import type { MappingPreset } from '../../shared/import/mapping-presets';
import { AppError } from '../app-error';
import { writeFileDurably } from '../store/atomic-write';

/**
 * Saved column mappings, `presets.json` in the data folder. A preset with the
 * same id or the same header signature is replaced, so re-saving a mapping for
 * the same export never piles up near-copies.
 */
export class PresetStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'presets.json');
  }

  async list(): Promise<MappingPreset[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = z.array(mappingPresetSchema).safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new AppError('internal', 'presets.json is damaged; saved mappings cannot be read.');
    return parsed.data as MappingPreset[];
  }

  async save(preset: MappingPreset): Promise<MappingPreset> {
    const others = (await this.list()).filter(
      (p) => p.id !== preset.id && p.signature !== preset.signature,
    );
    await writeFileDurably(this.path, JSON.stringify([...others, preset], null, 2));
    return preset;
  }
}

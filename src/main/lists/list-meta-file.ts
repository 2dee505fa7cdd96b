import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { listMeta } from '../../shared/lists';
import type { ListMeta } from '../../shared/lists';
import { AppError } from '../app-error';
import { isNotFound } from './list-folders';

// Read leniently: a meta.json written by a newer version may carry more keys.
const storedMeta = z.object(listMeta.shape);

/**
 * Reads and validates `<dir>/meta.json` of list `id`. Every way it can be
 * unusable (missing, not JSON, wrong shape, another list's) throws an
 * `internal` AppError whose message names the reason: ListFiles.list() reports
 * those lists as damaged instead of hiding or deleting them.
 */
export async function readListMeta(dir: string, id: string): Promise<ListMeta> {
  let text: string;
  try {
    text = await readFile(join(dir, 'meta.json'), 'utf8');
  } catch (error) {
    if (isNotFound(error)) throw damaged(id, 'its meta.json is missing');
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged(id, 'its meta.json is not valid JSON');
  }
  const parsed = storedMeta.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(id, `its meta.json is invalid at "${issue?.path.join('.') ?? ''}"`);
  }
  if (parsed.data.id !== id) throw damaged(id, 'its meta.json belongs to another list');
  return parsed.data;
}

function damaged(id: string, reason: string): AppError {
  return new AppError('internal', `The saved list ${id} is damaged: ${reason}.`, { id });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toProspect } from '../../../src/main/api/woodpecker-v1/map';
import { WoodpeckerProspectListWire } from '../../../src/main/api/woodpecker-v1/schemas';
import type { Sandbox } from '../../../src/main/sandbox/types';
import type { Prospect } from '../../../src/shared/prospect';

/** A fresh data folder per test, removed by the returned cleanup. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'prospect-desk-snapshot-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The sandbox's prospects as the client maps them, in id order. */
export function sandboxProspects(sandbox: Sandbox, account = 'main'): Prospect[] {
  const wire = JSON.parse(JSON.stringify([...sandbox.state.prospects(account).values()]));
  return WoodpeckerProspectListWire.parse(wire).map(toProspect);
}

/** List requests the sandbox received, with their page and diff. */
export function listRequests(sandbox: Sandbox): { page?: string; diff?: string }[] {
  return sandbox.log
    .filter((e) => e.method === 'GET' && e.path === '/rest/v1/prospects')
    .map((e) => ({ page: e.query.page, diff: e.query.diff }));
}

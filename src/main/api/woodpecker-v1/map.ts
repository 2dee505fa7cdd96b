import { SNIPPET_FIELDS, WRITABLE_PROSPECT_FIELDS } from '../../../shared/prospect';
import type { Prospect } from '../../../shared/prospect';
import type { WoodpeckerProspectWire } from './schemas';

/**
 * Wire prospect → domain prospect: `last replied` becomes `last_replied`, the
 * legacy `snipet1`–`snipet4` (always equal to `snippet1`–`snippet4`,
 * woodpecker-v1-list-prospects.txt) are dropped, null text fields are left out
 * and keys that only some queries return are not kept.
 */
export function toProspect(wire: WoodpeckerProspectWire): Prospect {
  const prospect: Prospect = { id: wire.id, email: wire.email, status: wire.status };
  for (const field of WRITABLE_PROSPECT_FIELDS) {
    if (field === 'status') continue;
    const value = wire[field] ?? legacySnippet(wire, field);
    if (value !== null && value !== undefined) prospect[field] = value;
  }
  if (wire.organization_id !== undefined) prospect.organization_id = wire.organization_id;
  if (wire.last_contacted !== undefined) prospect.last_contacted = wire.last_contacted;
  const replied = wire['last replied'] !== undefined ? wire['last replied'] : wire.last_replied;
  if (replied !== undefined) prospect.last_replied = replied;
  if (wire.updated !== undefined) prospect.updated = wire.updated;
  if (typeof wire.encrypted === 'boolean') prospect.encrypted = wire.encrypted;
  if (wire.snippet_labels) prospect.snippet_labels = stringEntries(wire.snippet_labels);
  return prospect;
}

const LEGACY: Partial<Record<string, 'snipet1' | 'snipet2' | 'snipet3' | 'snipet4'>> = {
  [SNIPPET_FIELDS[0]]: 'snipet1',
  [SNIPPET_FIELDS[1]]: 'snipet2',
  [SNIPPET_FIELDS[2]]: 'snipet3',
  [SNIPPET_FIELDS[3]]: 'snipet4',
};

/** Older answers may carry only the legacy spelling; prefer `snippetN` when present. */
function legacySnippet(wire: WoodpeckerProspectWire, field: string): string | null | undefined {
  const legacy = LEGACY[field];
  return legacy ? wire[legacy] : undefined;
}

function stringEntries(labels: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

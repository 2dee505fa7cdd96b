import { describe, expect, it } from 'vitest';
import { toProspect } from '../../../../src/main/api/woodpecker-v1/map';
import { WoodpeckerProspectListWire } from '../../../../src/main/api/woodpecker-v1/schemas';

/** The documented list example (woodpecker-v1-list-prospects.txt), trimmed, plus extras. */
const wire = {
  id: 1234567890,
  email: 'erlich@bachmanity.com',
  first_name: 'Erlich',
  company: 'Bachmanity',
  organization_id: 654321789,
  phone: 987654321,
  tags: '#VISIONARY',
  last_contacted: '2025-03-20T14:32:34+0100',
  'last replied': '2025-03-21T08:11:35+0100',
  updated: null,
  encrypted: false,
  snipet1: 'legacy copy',
  snippet1: 'You are running Bachmanity',
  snippet2: null,
  snippet_labels: { custom_snippet: 'value' },
  status: 'REPLIED',
  interested: 'INTERESTED',
  some_future_field: { nested: true },
};

describe('toProspect', () => {
  it('normalises the wire quirks and tolerates unknown keys', () => {
    const [parsed] = WoodpeckerProspectListWire.parse([wire]);
    expect(parsed && toProspect(parsed)).toEqual({
      id: 1234567890,
      email: 'erlich@bachmanity.com',
      status: 'REPLIED',
      first_name: 'Erlich',
      company: 'Bachmanity',
      organization_id: 654321789,
      phone: '987654321',
      tags: '#VISIONARY',
      snippet1: 'You are running Bachmanity',
      last_contacted: '2025-03-20T14:32:34+0100',
      last_replied: '2025-03-21T08:11:35+0100',
      updated: null,
      encrypted: false,
      snippet_labels: { custom_snippet: 'value' },
    });
  });

  it('falls back to the legacy snipetN spelling when snippetN is absent', () => {
    const [parsed] = WoodpeckerProspectListWire.parse([
      { id: 1, email: 'a@b.co', status: 'ACTIVE', snipet2: 'old' },
    ]);
    expect(parsed && toProspect(parsed).snippet2).toBe('old');
  });

  it('rejects a page whose prospects lack an id', () => {
    expect(
      WoodpeckerProspectListWire.safeParse([{ email: 'a@b.co', status: 'ACTIVE' }]).success,
    ).toBe(false);
  });
});

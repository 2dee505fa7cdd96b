import { describe, expect, it } from 'vitest';
import { assignColumn, autoMap } from '../../../src/shared/import/header-mapping';
import {
  applyPreset,
  createPreset,
  describeLostFields,
  findPreset,
  headerSignature,
  mappingPresetSchema,
  type MappingPreset,
} from '../../../src/shared/import/mapping-presets';

const HEADERS = ['E-mail', 'First Name', 'Company', 'Icebreaker', 'Owner'];

function savedPreset(createdAt = '2025-01-01T00:00:00.000Z', id = 'p1'): MappingPreset {
  // The user maps Icebreaker to snippet1 and keeps everything else auto-mapped.
  const mapping = assignColumn(autoMap(HEADERS), 3, 'snippet1');
  return createPreset({ id, name: 'Apollo', mapping, createdAt });
}

describe('headerSignature', () => {
  it('ignores column order, case, spacing and BOM remnants', () => {
    const base = headerSignature(HEADERS);
    expect(headerSignature([...HEADERS].reverse())).toBe(base);
    expect(headerSignature(['\ufeffe-mail', ' first_name', 'COMPANY', 'icebreaker', 'owner'])).toBe(
      base,
    );
    expect(base).toMatch(/^v1-5-[0-9a-f]{16}$/);
  });

  it('changes when a header is added, removed or repeated', () => {
    const base = headerSignature(HEADERS);
    expect(headerSignature([...HEADERS, 'City'])).not.toBe(base);
    expect(headerSignature(HEADERS.slice(1))).not.toBe(base);
    expect(headerSignature([...HEADERS, 'Owner'])).not.toBe(base);
  });
});

describe('presets', () => {
  it('saves fields by header and survives a JSON round trip through the schema', () => {
    const preset = savedPreset();
    expect(preset.fields).toEqual({
      'E-mail': 'email',
      'First Name': 'first_name',
      Company: 'company',
      Icebreaker: 'snippet1',
      Owner: null,
    });
    expect(mappingPresetSchema.parse(JSON.parse(JSON.stringify(preset)))).toEqual(preset);
  });

  it('drops unknown field names when loading', () => {
    const stored = { ...savedPreset(), fields: { 'E-mail': 'email', Foo: 'not_a_field' } };
    expect(mappingPresetSchema.parse(stored).fields).toEqual({ 'E-mail': 'email', Foo: null });
  });

  it('re-applies to the same headers in another order', () => {
    const reordered = ['Owner', 'Icebreaker', 'Company', 'First Name', 'E-mail'];
    const result = applyPreset(savedPreset(), reordered);
    expect(result.exact).toBe(true);
    expect(result.mapping.columns.map((c) => c.field)).toEqual([
      null,
      'snippet1',
      'company',
      'first_name',
      'email',
    ]);
    expect(result.mapping.columns[1]?.confidence).toBe('user');
    expect(result.mapping.snippetCandidates.map((c) => c.header)).toEqual(['Owner']);
  });

  it('reports missing and new headers and the fields lost with them', () => {
    const preset = savedPreset();
    const result = applyPreset(preset, ['First Name', 'Email Address', 'City', 'Owner']);
    expect(result.exact).toBe(false);
    expect(result.missingHeaders).toEqual(['E-mail', 'Company', 'Icebreaker']);
    expect(result.newHeaders).toEqual(['Email Address', 'City']);
    // The renamed email column is picked up again by auto-mapping; company and snippet1 are lost.
    expect(result.mapping.columns.map((c) => c.field)).toEqual([
      'first_name',
      'email',
      'city',
      null,
    ]);
    expect(result.mapping.columns[1]?.reason).toMatch(/new column/);
    expect(result.lostFields).toEqual(['company', 'snippet1']);
    expect(describeLostFields(preset, result.lostFields)).toEqual([
      'Company was mapped from "Company", which this file does not have',
      'Snippet 1 was mapped from "Icebreaker", which this file does not have',
    ]);
  });

  it('does not let a new column steal a field the preset assigns', () => {
    const result = applyPreset(savedPreset(), [...HEADERS, 'Email']);
    expect(result.mapping.columns.map((c) => c.field)).toEqual([
      'email',
      'first_name',
      'company',
      'snippet1',
      null,
      null,
    ]);
    expect(result.newHeaders).toEqual(['Email']);
  });

  it('keeps repeated headers apart by occurrence', () => {
    const headers = ['Email', 'Note', 'Note'];
    const mapping = assignColumn(assignColumn(autoMap(headers), 1, 'snippet1'), 2, 'snippet2');
    const preset = createPreset({ id: 'd', name: 'dup', mapping, createdAt: '2025-01-01' });
    expect(Object.keys(preset.fields)).toEqual(['Email', 'Note', 'Note (#2)']);
    const result = applyPreset(preset, ['Note', 'Email', 'Note']);
    expect(result.mapping.columns.map((c) => c.field)).toEqual(['snippet1', 'email', 'snippet2']);
  });
});

describe('findPreset', () => {
  const older = savedPreset('2025-01-01T00:00:00.000Z', 'old');
  const newer = savedPreset('2025-03-01T00:00:00.000Z', 'new');
  const other = createPreset({
    id: 'other',
    name: 'HubSpot',
    mapping: autoMap(['Email', 'Job Title', 'Website URL']),
    createdAt: '2025-02-01T00:00:00.000Z',
  });

  it('finds the newest exact match for the same headers in any order', () => {
    const match = findPreset([older, other, newer], [...HEADERS].reverse());
    expect(match).toMatchObject({ kind: 'exact', similarity: 1 });
    expect(match?.preset.id).toBe('new');
  });

  it('offers a similar preset when one column was added', () => {
    const match = findPreset([other, older], [...HEADERS, 'City']);
    expect(match?.kind).toBe('similar');
    expect(match?.preset.id).toBe('old');
    expect(match?.similarity).toBeCloseTo(5 / 6);
  });

  it('returns null when nothing is close enough', () => {
    expect(findPreset([older, other], ['Foo', 'Bar'])).toBeNull();
    expect(findPreset([], HEADERS)).toBeNull();
  });
});

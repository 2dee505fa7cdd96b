import { describe, expect, it } from 'vitest';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';
import type { Prospect } from '../../../src/shared/prospect';
import {
  canonicalSnippet,
  changesToFields,
  diffRow,
  sameValue,
} from '../../../src/shared/update/diff-row';

const current: Prospect = {
  id: 7,
  email: 'Ann@Acme.com',
  status: 'ACTIVE',
  first_name: 'Ann',
  company: 'Acme ',
  city: '',
  snippet1: 'Hi there,<br/><br/>quick question',
  snippet2: 'One  two',
};

const fields: ProspectField[] = ['email', 'first_name', 'company', 'city', 'status', 'snippet1'];

/** A prospect's values for `fields`, as the snapshot gives them ('' when absent). */
const storedOf = (prospect: Prospect, of: readonly ProspectField[]) =>
  of.map((field) => prospect[field] ?? '');

function diff(values: string[], clearBlanks = false) {
  return diffRow({ fields, values }, storedOf(current, fields), { clearBlanks });
}

describe('sameValue', () => {
  it.each([
    ['first_name', 'Ann', 'Ann', true],
    ['first_name', 'Ann', 'ann', false],
    ['company', 'Acme ', 'Acme', true],
    ['company', ' Acme', 'Acme', true],
    ['company', 'Acme  Inc', 'Acme Inc', false],
    ['status', 'active', 'ACTIVE', true],
    ['status', 'ACTIVE', 'BLACKLIST', false],
    ['snippet1', 'a<br/>b', 'a\nb', true],
    ['snippet1', 'a<br>b', 'a\nb', true],
    ['snippet1', 'a<BR />b', 'a\r\nb', true],
    ['snippet1', 'a   <br/>b', 'a\nb', true],
    ['snippet1', 'a<br/>b ', 'a\nb', true],
    ['snippet1', 'a  b', 'a b', false],
    ['snippet1', 'a<br/><br/>b', 'a\nb', false],
    ['snippet1', 'a&lt;br/&gt;b', 'a\nb', false],
  ] as [ProspectField, string, string, boolean][])('%s: %j vs %j → %s', (field, a, b, equal) => {
    expect(sameValue(field, a, b)).toBe(equal);
  });

  it('canonical snippets read as lines', () => {
    expect(canonicalSnippet(' Hi,<br/>  <br>there \r\n')).toBe('Hi,\n\nthere');
  });
});

describe('diffRow', () => {
  it('an identical row is unchanged, with a shared result and no changes', () => {
    const a = diff(['ann@acme.com', 'Ann', 'Acme', '', 'ACTIVE', 'Hi there,\n\nquick question']);
    const b = diff(['ann@acme.com', 'Ann', '', '', '', '']);
    expect(a).toEqual({ kind: 'unchanged', changes: [] });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('blank cells leave stored values unchanged by default', () => {
    expect(diff(['ann@acme.com', '', '', '', '', '']).kind).toBe('unchanged');
  });

  it('with clearBlanks, blank cells clear non-empty stored values (flagged), never status', () => {
    const result = diff(['ann@acme.com', '', '', '', '', ''], true);
    expect(result.kind).toBe('changed');
    expect(result.changes).toEqual([
      { field: 'first_name', old: 'Ann', new: '', flags: ['clear'] },
      { field: 'company', old: 'Acme ', new: '', flags: ['clear'] },
      { field: 'snippet1', old: 'Hi there,<br/><br/>quick question', new: '', flags: ['clear'] },
    ]);
    expect(changesToFields(result.changes)).toEqual({ first_name: '', company: '', snippet1: '' });
  });

  it('flags a status change and overwrites of non-empty values; filling an empty one is not flagged', () => {
    const result = diff(['ann@acme.com', 'Anna', 'Acme', 'Paris', 'BLACKLIST', '']);
    expect(result.kind).toBe('changed');
    expect(result.changes).toEqual([
      { field: 'first_name', old: 'Ann', new: 'Anna', flags: ['overwrite'] },
      { field: 'city', old: '', new: 'Paris', flags: [] },
      { field: 'status', old: 'ACTIVE', new: 'BLACKLIST', flags: ['status-change'] },
    ]);
  });

  it('a snippet change keeps "\\n" for display and is sent as <br/>', () => {
    const result = diff(['ann@acme.com', '', '', '', '', 'Hello,\nnew line']);
    expect(result.changes).toEqual([
      {
        field: 'snippet1',
        old: 'Hi there,<br/><br/>quick question',
        new: 'Hello,\nnew line',
        flags: ['overwrite'],
      },
    ]);
    expect(changesToFields(result.changes)).toEqual({ snippet1: 'Hello,<br/>new line' });
  });

  it('a row with no prospect is new and lists every non-empty value, email excluded', () => {
    const values = ['bob@acme.com', 'Bob', '', '', 'ACTIVE', 'a\nb'];
    const result = diffRow({ fields, values }, undefined, { clearBlanks: true });
    expect(result).toEqual({
      kind: 'new',
      changes: [
        { field: 'first_name', old: '', new: 'Bob', flags: [] },
        { field: 'status', old: '', new: 'ACTIVE', flags: [] },
        { field: 'snippet1', old: '', new: 'a\nb', flags: [] },
      ],
    });
  });

  it('a field the prospect lacks counts as empty', () => {
    const result = diffRow(
      { fields: ['email', 'snippet9'], values: ['ann@acme.com', 'x'] },
      storedOf(current, ['email', 'snippet9']),
      {
        clearBlanks: false,
      },
    );
    expect(result.changes).toEqual([{ field: 'snippet9', old: '', new: 'x', flags: [] }]);
  });
});

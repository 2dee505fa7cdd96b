import { describe, expect, it } from 'vitest';
import { ENGLISH_ALIASES } from '../../../src/shared/import/header-aliases';
import { LOCALIZED_ALIASES } from '../../../src/shared/import/header-aliases-localized';
import { headerKey } from '../../../src/shared/import/header-key';
import {
  assignColumn,
  autoMap,
  columnOf,
  freeSnippetFields,
  type ColumnMapping,
} from '../../../src/shared/import/header-mapping';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';
import { CONTACT_APP_CASES } from './contact-app-headers';
import { EXPORTER_CASES } from './exporter-headers';

const fieldsByHeader = (mapping: ColumnMapping): Record<string, ProspectField | null> =>
  Object.fromEntries(mapping.columns.map((c) => [c.header, c.field]));

const fieldOf = (mapping: ColumnMapping, header: string): ProspectField | null | undefined =>
  mapping.columns.find((c) => c.header === header)?.field;

const reasonOf = (mapping: ColumnMapping, header: string): string | undefined =>
  mapping.columns.find((c) => c.header === header)?.reason;

describe('autoMap: real exports', () => {
  it.each([...EXPORTER_CASES, ...CONTACT_APP_CASES].map((c) => [c.name, c] as const))(
    '%s',
    (_name, { headers, expected }) => {
      const mapping = autoMap(headers);
      const want = Object.fromEntries(headers.map((h) => [h, expected[h] ?? null]));
      expect(fieldsByHeader(mapping)).toEqual(want);

      // Each field at most once; every unmapped column is offered as a snippet candidate.
      const fields = mapping.columns.map((c) => c.field).filter((f) => f !== null);
      expect(new Set(fields).size).toBe(fields.length);
      expect(mapping.snippetCandidates.map((c) => c.header)).toEqual(
        headers.filter((h) => expected[h] === undefined),
      );
      for (const c of mapping.columns) {
        if (c.field === null) expect(c.reason, c.header).toBeTruthy();
      }
    },
  );

  it('marks Woodpecker names exact, exporter names alias', () => {
    const mapping = autoMap(['first_name', 'snippet12', 'E-Mail-Adresse', 'Job Title']);
    expect(mapping.columns.map((c) => c.confidence)).toEqual(['exact', 'exact', 'alias', 'alias']);
  });
});

describe('autoMap: traps', () => {
  it.each(['Contact Owner', 'Account Owner', 'Owner Email', 'Record Owner', 'Lead Owner'])(
    'never maps %s to email, even with email values and no other email column',
    (owner) => {
      const mapping = autoMap([owner, 'First Name'], {
        sampleRows: [['rep@ourcompany.com', 'Ann']],
      });
      expect(fieldOf(mapping, owner)).toBeNull();
      expect(reasonOf(mapping, owner)).toMatch(/own user/);
      expect(mapping.snippetCandidates.map((c) => c.header)).toEqual([owner]);
    },
  );

  it('maps the prospect email next to an owner column (Apollo)', () => {
    const mapping = autoMap(['Contact Owner', 'Email', 'Account Owner']);
    expect(columnOf(mapping, 'email')?.header).toBe('Email');
  });

  it('does not guess email from owner or sender words', () => {
    const headers = ['Owner Email Address', 'Sales Rep Email', 'sendUserEmail'];
    const mapping = autoMap(headers, { sampleRows: [['a@x.com', 'b@x.com', 'c@x.com']] });
    expect(mapping.columns.every((c) => c.field === null)).toBe(true);
  });

  it('finds an email column by its values when no header says so', () => {
    const mapping = autoMap(['Contact', 'Who'], {
      sampleRows: [
        ['ann@acme.com', 'Ann'],
        ['bob@beta.io', 'Bob'],
      ],
    });
    expect(columnOf(mapping, 'email')).toMatchObject({ header: 'Contact', confidence: 'guess' });
  });

  it('Outlook: Title is the salutation when Job Title exists', () => {
    const mapping = autoMap(['Title', 'First Name', 'Job Title']);
    expect(fieldOf(mapping, 'Title')).toBeNull();
    expect(reasonOf(mapping, 'Title')).toContain('Job Title');
    expect(fieldOf(mapping, 'Job Title')).toBe('title');
  });

  it('Outlook: Title holding salutations is not a job title even alone', () => {
    const rows = [['Mr.'], ['Mrs'], ['Dr.'], [''], ['Frau'], ['Mme'], ['M.']];
    const mapping = autoMap(['Title'], { sampleRows: rows });
    expect(fieldOf(mapping, 'Title')).toBeNull();
    expect(reasonOf(mapping, 'Title')).toMatch(/salutation/);
  });

  it('Apollo/Salesforce: Title with job titles is the title', () => {
    const rows = [['CEO'], ['Head of Sales'], ['Dr. of Marketing Ops']];
    expect(fieldOf(autoMap(['Title'], { sampleRows: rows }), 'Title')).toBe('title');
    expect(fieldOf(autoMap(['Title', 'Email']), 'Title')).toBe('title');
  });

  it('French Nom is the last name, Italian/Portuguese Nome the first name', () => {
    expect(fieldsByHeader(autoMap(['Prénom', 'Nom']))).toEqual({
      Prénom: 'first_name',
      Nom: 'last_name',
    });
    expect(fieldsByHeader(autoMap(['Nome', 'Cognome']))).toEqual({
      Nome: 'first_name',
      Cognome: 'last_name',
    });
    expect(fieldsByHeader(autoMap(['Nome', 'Sobrenome']))).toEqual({
      Nome: 'first_name',
      Sobrenome: 'last_name',
    });
    expect(reasonOf(autoMap(['Nom']), 'Nom')).toMatch(/French/);
  });

  it('Brazil: Sobrenome beats Apelido (a nickname there)', () => {
    const mapping = autoMap(['Nome', 'Apelido', 'Sobrenome']);
    expect(columnOf(mapping, 'last_name')?.header).toBe('Sobrenome');
    expect(fieldOf(mapping, 'Apelido')).toBeNull();
  });

  it('Company Linkedin Url is never the linkedin_url', () => {
    const alone = autoMap(['Company Linkedin Url', 'Email']);
    expect(fieldOf(alone, 'Company Linkedin Url')).toBeNull();
    expect(reasonOf(alone, 'Company Linkedin Url')).toMatch(/company/i);
    const both = autoMap(['Company Linkedin Url', 'Person Linkedin Url']);
    expect(columnOf(both, 'linkedin_url')?.header).toBe('Person Linkedin Url');
  });

  it('a LinkedIn column full of company pages is not the profile', () => {
    const rows = [['https://www.linkedin.com/company/acme'], ['linkedin.com/company/beta']];
    const mapping = autoMap(['LinkedIn'], { sampleRows: rows });
    expect(fieldOf(mapping, 'LinkedIn')).toBeNull();
  });

  it('a bare URL column is the LinkedIn profile when its values are profiles', () => {
    const rows = [['https://www.linkedin.com/in/ann'], ['https://linkedin.com/in/bob']];
    expect(fieldOf(autoMap(['URL'], { sampleRows: rows }), 'URL')).toBe('linkedin_url');
    expect(fieldOf(autoMap(['URL'], { sampleRows: [['acme.com']] }), 'URL')).toBe('website');
  });

  it.each([
    ['Email', 'Email 2'],
    ['Email', 'Secondary Email'],
    ['E-mail Address', 'E-mail 2 Address'],
    ['Primary Email', 'Secondary Email'],
  ])('%s beats %s, whatever the column order', (primary, secondary) => {
    for (const headers of [
      [primary, secondary],
      [secondary, primary],
    ]) {
      const mapping = autoMap(headers);
      expect(columnOf(mapping, 'email')?.header).toBe(primary);
      expect(reasonOf(mapping, secondary)).toContain(`"${primary}"`);
    }
  });

  it('uses a secondary email column when it is the only one', () => {
    expect(columnOf(autoMap(['Secondary Email']), 'email')?.header).toBe('Secondary Email');
  });

  it('Salesforce Status holding lead statuses is not the Woodpecker status', () => {
    const crm = autoMap(['Status'], { sampleRows: [['Open - Not Contacted'], ['Qualified']] });
    expect(fieldOf(crm, 'Status')).toBeNull();
    const ours = autoMap(['Status'], { sampleRows: [['active'], ['BLACKLIST']] });
    expect(fieldOf(ours, 'Status')).toBe('status');
  });

  it.each(['\ufeffEmail', '\u00ef\u00bb\u00bfEmail', '"Email"', '  E-MAIL ', 'e_mail', 'EMail'])(
    'normalises header %j to email',
    (header) => {
      expect(fieldOf(autoMap([header]), header)).toBe('email');
    },
  );

  it('guesses from header words it does not know, conservatively', () => {
    const headers = ['Prospect Email', 'Work Mobile', 'Lead Company Name', 'Email Opened'];
    expect(Object.values(fieldsByHeader(autoMap(headers)))).toEqual([
      'email',
      'phone',
      'company',
      null,
    ]);
  });

  it('keeps the leftmost of two identical headers', () => {
    const mapping = autoMap(['Email', 'Email']);
    expect(mapping.columns.map((c) => c.field)).toEqual(['email', null]);
  });

  it('offers empty headers as snippet candidates', () => {
    const mapping = autoMap(['Email', '', 'Icebreaker']);
    expect(mapping.snippetCandidates).toEqual([
      { column: 1, header: '' },
      { column: 2, header: 'Icebreaker' },
    ]);
  });
});

describe('assignColumn', () => {
  it('moves a field to the chosen column and frees the old one', () => {
    const mapping = assignColumn(autoMap(['Email', 'Secondary Email', 'Notes']), 1, 'email');
    expect(mapping.columns.map((c) => c.field)).toEqual([null, 'email', null]);
    expect(mapping.columns[1]?.confidence).toBe('user');
    expect(mapping.columns[0]?.reason).toContain('Secondary Email');
    expect(mapping.snippetCandidates.map((c) => c.column)).toEqual([0, 2]);
  });

  it('unmaps a column and lists the free snippet slots', () => {
    const mapping = assignColumn(autoMap(['Email', 'snippet1', 'snippet3']), 1, null);
    expect(mapping.columns[1]).toMatchObject({ field: null, confidence: 'none' });
    expect(freeSnippetFields(mapping).slice(0, 3)).toEqual(['snippet1', 'snippet2', 'snippet4']);
  });

  it('rejects an unknown column', () => {
    expect(() => assignColumn(autoMap(['Email']), 5, 'email')).toThrow(RangeError);
  });
});

describe('alias tables', () => {
  it('never give one header key two different meanings', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const group of [...ENGLISH_ALIASES, ...LOCALIZED_ALIASES]) {
      for (const header of group.headers.split('|')) {
        const key = headerKey(header);
        const meaning = `${group.field}/${group.score}/${group.ambiguity ?? ''}`;
        const before = seen.get(key);
        if (before !== undefined && before !== meaning)
          clashes.push(`${header}: ${before} vs ${meaning}`);
        seen.set(key, meaning);
      }
    }
    expect(clashes).toEqual([]);
  });
});

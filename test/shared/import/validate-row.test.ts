import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoMap } from '../../../src/shared/import/header-mapping';
import {
  emailKey,
  lineBreaksToHtml,
  normaliseAddress,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normaliseSnippet,
  normaliseStatus,
  normaliseTags,
  normaliseUrl,
} from '../../../src/shared/import/normalise-cell';
import { compileRowPlan, toFieldRecord } from '../../../src/shared/import/normalise-row';
import { checkEmail, checkUrl, explainUrl } from '../../../src/shared/import/validate-row';

describe('cell normalisers', () => {
  it.each([
    ['  Ann  ', 'Ann'],
    ['\u00a0Ann\u00a0Marie\u00a0', 'Ann Marie'],
    ['Ann \n  Marie\t', 'Ann Marie'],
    ['Plain', 'Plain'],
  ])('name %j → %j', (raw, want) => expect(normaliseName(raw)).toBe(want));

  it('keeps line breaks and inner spacing in snippets, normalising CRLF', () => {
    expect(normaliseSnippet('  Hi  there,\r\nsecond line\rthird <br/> kept \n')).toBe(
      'Hi  there,\nsecond line\nthird <br/> kept',
    );
    expect(lineBreaksToHtml('a\nb')).toBe('a<br/>b');
  });

  it('joins multi-line addresses with commas', () => {
    expect(normaliseAddress('221 Newell Rd\r\n\r\n Palo Alto ')).toBe('221 Newell Rd, Palo Alto');
  });

  it.each([
    [' Ann@Acme.COM ', 'Ann@Acme.COM'],
    ['mailto:ann@acme.com', 'ann@acme.com'],
    ['ann\u200b@acme.com', 'ann@acme.com'],
  ])('email %j → %j (case kept)', (raw, want) => expect(normaliseEmail(raw)).toBe(want));

  it('emailKey compares case-insensitively', () => {
    expect(emailKey(' Ann@Acme.COM')).toBe('ann@acme.com');
    expect(emailKey('  ')).toBeNull();
  });

  it.each([
    ["'+1 555 0100", '+1 555 0100'],
    ['\u2019+48 22 123', '+48 22 123'],
    ['="0123 456"', '0123 456'],
    ['  +44  20 7946  ', '+44 20 7946'],
  ])('phone %j → %j', (raw, want) => expect(normalisePhone(raw)).toBe(want));

  it.each([
    ['active', 'ACTIVE'],
    [' Blacklist ', 'BLACKLIST'],
    ['REPLIED', 'REPLIED'],
  ])('status %j → %j', (raw, want) => expect(normaliseStatus(raw)).toBe(want));

  it.each([
    ['vip, lead;#Warm  cold', '#vip #lead #Warm #cold'],
    ['#a #b #A', '#a #b'],
    ['"Customer","VIP"', '#Customer #VIP'],
    [' , ; ', ''],
  ])('tags %j → %j', (raw, want) => expect(normaliseTags(raw)).toBe(want));

  it.each([
    ['acme.com', 'https://acme.com'],
    ['www.linkedin.com/in/ann', 'https://www.linkedin.com/in/ann'],
    ['//acme.com/x', 'https://acme.com/x'],
    ['http://acme.com', 'http://acme.com'],
    ['acme.com:8080/a', 'https://acme.com:8080/a'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
  ])('url %j → %j', (raw, want) => expect(normaliseUrl(raw)).toBe(want));
});

describe('normaliser properties', () => {
  const messy = fc.string({
    unit: fc.constantFrom(
      'a',
      'B',
      'ł',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '#',
      ',',
      ';',
      '"',
      '\u3000',
    ),
  });

  it('names: the fast path agrees with trim + collapse', () => {
    fc.assert(
      fc.property(messy, (raw) => {
        expect(normaliseName(raw)).toBe(raw.trim().replace(/\s+/g, ' '));
      }),
      { seed: 2 },
    );
  });

  it('tags: normalising twice changes nothing (the canonical fast path)', () => {
    fc.assert(
      fc.property(messy, (raw) => {
        const once = normaliseTags(raw);
        expect(normaliseTags(once)).toBe(once);
        expect(once === '' || /^#\S+(?: #\S+)*$/.test(once)).toBe(true);
      }),
      { seed: 3 },
    );
  });
});

describe('checkEmail', () => {
  it.each([
    'ann@acme.com',
    'Ann.Lee+tag@mail.acme.co.uk',
    "o'brien@acme.ie",
    'x@müller.de',
    'a@b.io',
  ])('accepts %j', (email) => expect(checkEmail(email)).toBeNull());

  it.each([
    ['ann.acme.com', /no @/],
    ['ann@@acme.com', /more than one @/],
    ['@acme.com', /nothing before/],
    ['ann@', /nothing after/],
    ['ann@acme', /no dot/],
    ['ann lee@acme.com', /space/],
    ['.ann@acme.com', /dot/],
    ['ann..lee@acme.com', /dot/],
    ['ann@acme..com', /dots/],
    ['ann@-acme.com', /-/],
    ['ann@acme.c', /extension/],
    ['ann@acme.123', /extension/],
    ['jürgen@acme.de', /ASCII/],
    ['ann(x)@acme.com', /"\("/],
    ['/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ann', /Exchange/],
    [`${'a'.repeat(65)}@acme.com`, /64/],
    [`a@${'b'.repeat(250)}.com`, /254/],
  ])('rejects %j', (email, message) => expect(checkEmail(email)).toMatch(message));
});

describe('checkUrl', () => {
  it.each([
    ['https://acme.com', false],
    ['HTTP://Acme.com:8080/path?q=1#x', false],
    ['https://www.linkedin.com/in/ann-lee', true],
    ['https://de.linkedin.com/in/ann', true],
  ])('accepts %j', (url, linkedIn) => expect(checkUrl(url, linkedIn)).toBeNull());

  it.each([
    ['javascript:alert(1)', false, /Only http/],
    ['data:text/html;base64,xx', false, /Only http/],
    ['https://acme .com', false, /space/],
    ['https://localhost', false, /no dot/],
    ['https://', false, /no host/],
    ['https://user:pw@acme.com', false, /user name/],
    ['https://acme.com:80x', false, /port/],
    ['https://acme.com', true, /Not a LinkedIn/],
    ['https://notlinkedin.com/in/x', true, /Not a LinkedIn/],
    ['https://www.linkedin.com/company/acme', true, /company page/],
  ])('rejects %j', (url, linkedIn, message) => expect(checkUrl(url, linkedIn)).toMatch(message));
});

describe('checkUrl fast path', () => {
  const rest = fc.string({
    unit: fc.constantFrom(
      'www.',
      'linkedin',
      '.com',
      '/company/',
      '/in/',
      'a',
      '-',
      ':',
      '8',
      '@',
      ' ',
      '?',
      '#',
      '_',
      'ü',
      '.',
    ),
    maxLength: 8,
  });
  const url = fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', ''),
      fc.constantFrom('acme', 'www.linkedin', 'de.linkedin', 'linkedin', 'a_b', 'müller', ''),
      fc.constantFrom('.com', '.io', '', '.'),
      fc.constantFrom('', ':80', ':8x', ':'),
      fc.constantFrom('', '/', '/in/x', '/company/x', '?q'),
      rest,
    )
    .map((parts) => parts.join(''));

  it('gives the same answer as the explaining slow path', () => {
    let accepted = 0;
    fc.assert(
      fc.property(url, fc.boolean(), (value, linkedIn) => {
        const result = checkUrl(value, linkedIn);
        if (result === null) accepted++;
        expect(result).toBe(explainUrl(value, linkedIn));
      }),
      { numRuns: 3000, seed: 4 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('compileRowPlan', () => {
  const headers = ['Email', 'First Name', 'Status', 'Website', 'Person Linkedin Url', 'Tags'];
  const extra = ['Phone', 'Snippet 1', 'Notes'];
  const plan = compileRowPlan(autoMap([...headers, ...extra]));

  it('lists fields in canonical order with their source columns', () => {
    expect(plan.fields).toEqual([
      'email',
      'first_name',
      'website',
      'linkedin_url',
      'tags',
      'phone',
      'status',
      'snippet1',
    ]);
    expect(plan.sourceColumns).toEqual([0, 1, 3, 4, 5, 6, 2, 7]);
    expect(plan.emailIndex).toBe(0);
  });

  it('normalises a good row without errors', () => {
    const cells = [
      ' Ann@Acme.com',
      ' Ann ',
      'active',
      'acme.com',
      '',
      'vip,warm',
      "'+1 555",
      'Hi\r\nthere',
    ];
    const { values, errors } = plan(cells, 2);
    expect(errors).toEqual([]);
    expect(toFieldRecord(plan.fields, values)).toEqual({
      email: 'Ann@Acme.com',
      first_name: 'Ann',
      website: 'https://acme.com',
      tags: '#vip #warm',
      phone: '+1 555',
      status: 'ACTIVE',
      snippet1: 'Hi\nthere',
    });
  });

  it('reports each bad cell with row, column, field and code', () => {
    const cells = ['ann@acme', 'Ann', 'paused', 'javascript:alert(1)', 'https://acme.com/in/x'];
    const { errors } = plan(cells, 7);
    expect(errors.map((e) => [e.row, e.column, e.columnIndex, e.field, e.code, e.value])).toEqual([
      [7, 'Email', 0, 'email', 'invalid-email', 'ann@acme'],
      [7, 'Website', 3, 'website', 'invalid-url', 'javascript:alert(1)'],
      [7, 'Person Linkedin Url', 4, 'linkedin_url', 'invalid-url', 'https://acme.com/in/x'],
      [7, 'Status', 2, 'status', 'invalid-status', 'PAUSED'],
    ]);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('rejects rows without an email, and blank rows as empty', () => {
    expect(plan(['  ', 'Ann'], 3).errors).toMatchObject([
      { row: 3, code: 'missing-email', column: 'Email', columnIndex: 0, field: 'email' },
    ]);
    expect(plan([' ', '', '\u00a0'], 4).errors).toMatchObject([{ code: 'empty-row' }]);
    const noEmailColumn = compileRowPlan(autoMap(['First Name']));
    expect(noEmailColumn(['Ann'], 5).errors).toMatchObject([
      { code: 'missing-email', column: '', columnIndex: -1 },
    ]);
  });

  it('flags values over the length limit', () => {
    const tight = compileRowPlan(autoMap(['Email', 'Company']), { maxLength: { company: 5 } });
    expect(tight(['a@b.co', 'Acme Corp'], 1).errors).toMatchObject([
      { code: 'too-long', field: 'company', column: 'Company' },
    ]);
  });

  it('into() writes into a reused array and returns the same errors', () => {
    const out: string[] = [];
    const cells = ['bad', 'Ann', 'active'];
    expect(plan.into(cells, 9, out)).toEqual(plan(cells, 9).errors);
    expect(out).toEqual(plan(cells, 9).values);
    expect(plan.into(['ann@acme.com'], 10, out)).toHaveLength(0);
    expect(out[0]).toBe('ann@acme.com');
  });

  it('treats short rows as empty cells', () => {
    const { values, errors } = plan(['ann@acme.com'], 1);
    expect(errors).toEqual([]);
    expect(values).toEqual(['ann@acme.com', ...Array<string>(plan.fields.length - 1).fill('')]);
  });

  it('refuses a mapping with one field on two columns', () => {
    const mapping = autoMap(['Email', 'Notes']);
    const broken = {
      ...mapping,
      columns: mapping.columns.map((c) => ({ ...c, field: 'email' as const })),
    };
    expect(() => compileRowPlan(broken)).toThrow(/more than one column/);
  });

  it('never throws and keeps values aligned with fields for any cells', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 12 }), fc.nat(), (cells, row) => {
        const result = plan(cells, row);
        expect(result.values).toHaveLength(plan.fields.length);
        for (const error of result.errors) expect(error.row).toBe(row);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});

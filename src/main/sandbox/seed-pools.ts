/**
 * Static word pools for the seeded data: deliberately messy, because real
 * prospect lists are (accents, CJK, apostrophes, commas and quotes in names,
 * HTML line breaks and real newlines in snippets, cells that look like
 * spreadsheet formulas). Values are shared strings, so 1M prospects cost
 * little more than their unique emails.
 */

/** Display name and the ASCII slug used in emails. */
export const FIRST_NAMES: readonly (readonly [string, string])[] = [
  ['Anna', 'anna'],
  ['Łukasz', 'lukasz'],
  ['Jürgen', 'jurgen'],
  ['Zoë', 'zoe'],
  ['José', 'jose'],
  ['Małgorzata', 'malgorzata'],
  ['Ingrid', 'ingrid'],
  ['Yuki', 'yuki'],
  ['美咲', 'misaki'],
  ['Wei', 'wei'],
  ['Søren', 'soren'],
  ['Chloé', 'chloe'],
  ['Erlich', 'erlich'],
  ['Jared', 'jared'],
  ['Monica', 'monica'],
  ['Priya', 'priya'],
  ['Oluwaseun', 'oluwaseun'],
  ['Grzegorz', 'grzegorz'],
  ['Émilie', 'emilie'],
  ['Mark', 'mark'],
  ['Sarah', 'sarah'],
  ['Tomás', 'tomas'],
  ['Ayşe', 'ayse'],
  ['', 'contact'],
];

export const LAST_NAMES: readonly (readonly [string, string])[] = [
  ['Kowalska', 'kowalska'],
  ['Müller', 'mueller'],
  ["O'Brien", 'obrien'],
  ['van der Berg', 'vanderberg'],
  ['Nowak', 'nowak'],
  ['García Márquez', 'garciamarquez'],
  ['Müller-Lüdenscheidt', 'muellerluedenscheidt'],
  ['佐藤', 'sato'],
  ['Zhang', 'zhang'],
  ['Bachman', 'bachman'],
  ['Dunn', 'dunn'],
  ['Hall', 'hall'],
  ['Wiśniewski', 'wisniewski'],
  ['Dubois', 'dubois'],
  ['Schmidt', 'schmidt'],
  ['Smith', 'smith'],
  ['Nakamura', 'nakamura'],
  ['Öztürk', 'ozturk'],
  ['Johansson', 'johansson'],
  ['', 'team'],
];

/** Company name, email/web domain, industry. */
export const COMPANIES: readonly (readonly [string, string, string])[] = [
  ['Bachmanity', 'bachmanity.example', 'IT'],
  ['Pied Piper', 'piedpiper.example', 'Software as a Service'],
  ['Müller & Söhne GmbH', 'mueller-soehne.example', 'Manufacturing'],
  ['Zakład "Orzeł" Sp. z o.o.', 'orzel.example', 'Logistics'],
  ['Blue Harbor, Inc.', 'blueharbor.example', 'Media'],
  ['東京テック株式会社', 'tokyo-tech.example', 'Electronics'],
  ['Nordlicht GmbH', 'nordlicht.example', 'Energy'],
  ['Hooli', 'hooli.example', 'Internet'],
  ['Café Lumière', 'cafe-lumiere.example', 'Hospitality'],
  ['Acme Outreach', 'acme-outreach.example', 'Marketing'],
  ['Raviga Capital', 'raviga.example', 'Venture Capital'],
  ['Endframe', 'endframe.example', 'Software'],
  ['Kraków Dev Studio', 'krakowdev.example', 'Software'],
  ['Øresund Shipping A/S', 'oresund.example', 'Shipping'],
  ['Smith & Wesson-Jones LLP', 'swj-law.example', 'Legal'],
  ['', 'mail.example', ''],
];

export const TITLES: readonly string[] = [
  'CEO',
  'CTO',
  'Head of Sales',
  'VP Marketing',
  'Geschäftsführer',
  'Kierownik działu IT',
  'Founder & CEO',
  'Sales, EMEA',
  'Office Manager',
  '',
  '',
];

/** City, state, country, street address. */
export const PLACES: readonly (readonly [string, string, string, string])[] = [
  ['Palo Alto', 'California', 'United States', '700 Welch Road'],
  ['San Francisco', 'California', 'United States', 'Suite 200, 1 Market St'],
  ['München', 'Bayern', 'Germany', 'Hauptstraße 5'],
  ['Berlin', 'Berlin', 'Germany', 'Friedrichstraße 68'],
  ['Kraków', 'Małopolskie', 'Poland', 'ul. Długa 12/4'],
  ['Warszawa', 'Mazowieckie', 'Poland', 'al. Jerozolimskie 100'],
  ['東京', '東京都', 'Japan', '千代田区丸の内1-1'],
  ['Lyon', 'Auvergne-Rhône-Alpes', 'France', '12 rue de la République'],
  ['København', 'Hovedstaden', 'Denmark', 'Nørregade 7'],
  ['', '', '', ''],
];

export const TAGS: readonly string[] = [
  '#saas #q3',
  '#vip',
  '#follow-up #eu',
  '#Q4 #enterprise #warm',
  '#VISIONARY',
  '#webinar-2025',
  '',
  '',
  '',
];

export const SOURCES: readonly string[] = ['website', 'referral', 'linkedin', 'import', 'event'];

const LONG_PARAGRAPH =
  'We reviewed your onboarding flow, pricing page and the last three release notes, and ' +
  'noticed a few places where "activation" could improve — especially around the trial, ' +
  'the first invite and the billing step. ';

/** Over 1,000 characters, with a newline and non-ASCII inside. */
export const LONG_SNIPPETS: readonly string[] = [
  `${LONG_PARAGRAPH.repeat(6)}\nDziękuję, Łukasz`,
  `Grüße aus München! ${LONG_PARAGRAPH.repeat(7)}`,
];

/** Snippets as customers actually paste them. */
export const SNIPPETS: readonly string[] = [
  'Loved your post about scaling outbound',
  'Congrats on the Series A',
  'You are running a successful startup incubator Bachmanity',
  '  Saw you at SaaStr ',
  'trailing space ',
  'A personalized sentence <br/> in two lines',
  'Hi there,<br/><br/>quick question',
  'First line\nSecond line',
  'Windows line\r\nbreak',
  'He said "ship it", then we did',
  '"Quoted", with a comma',
  'Grüße aus München – bis bald',
  'Zażółć gęślą jaźń',
  '東京オフィスの皆さんへ',
  'Great work 🚀 on the launch',
  'Ça va? Très bien, merci.',
  '=HYPERLINK("http://example.com","click")',
  '+1 (555) 010-9999, call me',
  '-5% churn since Q2',
  '@channel update',
];

/**
 * Snippet1 of the first prospects of every account, so each kind of mess is
 * present even in a 6-prospect account (formula first: CSV exports must
 * neutralise it).
 */
export const SHOWCASE_SNIPPETS: readonly string[] = [
  '=SUM(A1:A9)',
  'Great work 🚀 on the launch',
  'First line\nSecond line<br/>third, "quoted"',
  '  Zażółć gęślą jaźń — 東京 ',
  '+48 600 700 800',
];

export const SNIPPET_LABEL = 'Icebreaker';

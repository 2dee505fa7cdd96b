/**
 * Known export headers (English) and what they hold.
 *
 * Scores rank columns that compete for one field (the best wins, see
 * header-mapping.ts): 100 Woodpecker's own name, ~95 the primary column of an
 * exporter, ~85 work/business variants, 50 home/personal, 20–40 second and
 * third columns. `field: null` marks columns that look importable but must not
 * be (owners hold your own users' emails), with the reason shown to the user.
 * Headers are written as exporters spell them and compared by headerKey().
 */
import type { ProspectField } from './prospect-fields';

/** Why a match needs a second look at the header set or sample values. */
export type Ambiguity =
  /** Outlook's "Title" is Mr./Mrs.; Apollo's and Salesforce's is the job title. */
  | 'salutation'
  /** "Status" may hold a CRM's lead statuses instead of Woodpecker's. */
  | 'crm-status'
  /** A bare "URL" is the person's LinkedIn profile in LinkedIn's export, else a website. */
  | 'url';

export interface AliasGroup {
  field: ProspectField | null;
  score: number;
  /** `|`-separated headers. */
  headers: string;
  /** Shown as the mapping's reason (why it maps, or why it never does). */
  note?: string;
  ambiguity?: Ambiguity;
}

/** Builds an AliasGroup; keeps the tables one line per group. */
export function alias(
  field: ProspectField | null,
  score: number,
  headers: string,
  extra: { note?: string; ambiguity?: Ambiguity } = {},
): AliasGroup {
  return { field, score, headers, ...extra };
}

const OWNER = "holds your own user's email (record owner), not the prospect's";
const SECONDARY = 'a secondary column: used only when there is no primary one';
const SALUTATION = 'a salutation (Mr., Mrs.), not a field Woodpecker stores';
const FULL_NAME = 'a full name: Woodpecker stores first and last name separately';

export const ENGLISH_ALIASES: readonly AliasGroup[] = [
  // Email. Apollo, HubSpot, Salesforce: Email; Mailchimp, LinkedIn: Email Address;
  // Outlook: E-mail Address; Thunderbird: Primary Email; Google: E-mail 1 - Value.
  alias('email', 95, 'Email Address | E-mail Address | Primary Email | E-mail 1 - Value | Email 1'),
  alias('email', 95, 'Mail | Email (Work) | Emails'),
  alias('email', 88, 'Work Email | Business Email | Work Email Address | Business Email Address'),
  alias('email', 60, 'Personal Email | Home Email | Private Email | Personal Email Address'),
  alias('email', 30, 'Secondary Email | Tertiary Email | Other Email | Alternate Email', {
    note: SECONDARY,
  }),
  alias('email', 30, 'Email 2 | Email 3 | E-mail 2 Address | E-mail 3 Address | Additional Email', {
    note: SECONDARY,
  }),
  alias('email', 30, 'E-mail 2 - Value | E-mail 3 - Value | Additional email addresses', {
    note: SECONDARY,
  }),
  alias(null, 0, 'Contact Owner | Account Owner | Owner Email | Record Owner | Lead Owner', {
    note: OWNER,
  }),
  alias(null, 0, 'Owner | Owner Name | Deal Owner | Company Owner | HubSpot Owner | OwnerId', {
    note: OWNER,
  }),
  alias(null, 0, 'Contact Owner Email | Assigned To | Sales Rep | Created By | Last Modified By', {
    note: OWNER,
  }),
  alias(null, 0, 'Sender | Sender Email | sendUserEmail | sendUserName | Mailbox', {
    note: "the sending mailbox (your own), not the prospect's email",
  }),
  alias(
    null,
    0,
    'E-mail Display Name | E-mail 2 Display Name | E-mail 3 Display Name | E-mail Type',
    {
      note: 'Outlook email metadata, not an address',
    },
  ),
  alias(null, 0, 'Email Status | Email Confidence | Primary Email Source | Email Domain', {
    note: "information about the email, not the address (Apollo's Email Status is Verified/…)",
  }),

  // Names.
  alias('first_name', 95, 'First Name | Given Name | Forename | First'),
  alias('last_name', 95, 'Last Name | Family Name | Surname | Last'),
  alias(null, 0, 'Salutation | Prefix | Name Prefix | Honorific', { note: SALUTATION }),
  alias(null, 0, 'Name | Full Name | Display Name | Contact Name | Person Name | Lead Name', {
    note: FULL_NAME,
  }),

  // Company. Apollo's "Company Name for Emails" drops "Inc."/"LLC" for use in
  // emails, which is what Woodpecker's {{company}} is for: it wins over Company.
  alias('company', 98, 'Company Name for Emails', {
    note: "Apollo's name cleaned for emails (no Inc./LLC)",
  }),
  alias('company', 95, 'Company | Company Name | Organization | Organisation | Company / Account'),
  alias('company', 95, 'Organization Name | Organization 1 - Name | Organisation Name'),
  alias('company', 90, 'Account Name | Current Company | Employer | Business Name'),
  alias('company', 60, 'Associated Company | Company Name (Associated)'),

  // Website.
  alias('website', 92, 'Website | Website URL | Web Page | Homepage | Web Address'),
  alias('website', 85, 'Company Website | Company URL | Website 1 - Value | Web Page 1 | Web'),
  alias('website', 80, 'Business Home Page | Company Website URL | Site'),
  alias('website', 60, 'Company Domain | Domain | Website Domain'),
  alias('website', 40, 'Personal Web Page | Personal Website | Web Page 2 | Website 2 - Value'),
  alias('website', 50, 'URL | Link', { ambiguity: 'url' }),
  alias('linkedin_url', 80, 'Profile URL | Profile | Profile Link', { ambiguity: 'url' }),

  // LinkedIn: the person's profile only. A company page is not a linkedin_url.
  alias('linkedin_url', 98, 'Person Linkedin Url'),
  alias('linkedin_url', 95, 'LinkedIn URL | LinkedIn | LinkedIn Profile | LinkedIn Profile URL'),
  alias('linkedin_url', 90, 'LinkedIn Link | LinkedIn Profile Link | Linkedin Url (Person)'),
  alias(null, 0, 'Company Linkedin Url | Company LinkedIn | Company LinkedIn Page', {
    note: "the company's LinkedIn page, not the person's profile",
  }),
  alias(null, 0, 'Organization LinkedIn | Account LinkedIn URL | LinkedIn Company Page', {
    note: "the company's LinkedIn page, not the person's profile",
  }),
  alias(null, 0, 'Facebook Url | Twitter Url | Twitter | Facebook', {
    note: 'another social profile: Woodpecker only stores LinkedIn',
  }),

  // Job title. Outlook's "Title" is the salutation when "Job Title" exists.
  alias('title', 95, 'Job Title | Organization 1 - Title | Organization Title'),
  alias('title', 90, 'Position | Role | Designation | Occupation | Job Role | Current Title'),
  alias('title', 70, 'Profession | Headline'),
  alias('title', 60, 'Title', { ambiguity: 'salutation' }),

  // Phone.
  alias('phone', 92, 'Phone | Phone Number | Telephone | Tel | Telephone Number'),
  alias(
    'phone',
    86,
    'Work Direct Phone | Direct Phone | Direct Dial | Work Phone | Business Phone',
  ),
  alias('phone', 85, 'Phone 1 - Value | Phone Number (Work)'),
  alias('phone', 82, 'Primary Phone | First Phone'),
  alias(
    'phone',
    80,
    'Mobile | Mobile Phone | Mobile Number | Mobile Phone Number | Cell | Cell Phone',
  ),
  alias('phone', 70, 'Corporate Phone | Main Phone | Company Main Phone | Company Phone'),
  alias('phone', 50, 'Home Phone | Other Phone'),
  alias('phone', 30, 'Business Phone 2 | Home Phone 2 | Phone 2 - Value | Phone 3 - Value'),

  // Address (street) and place. Person/work columns beat company and home ones.
  alias('address', 92, 'Address | Street | Street Address | Address Line 1 | Address 1'),
  alias('address', 86, 'Mailing Street | Business Street | Work Address | Address 1 - Street'),
  alias('address', 85, 'Mailing Address | Full Address'),
  alias('address', 70, 'Address 1 - Formatted'),
  alias('address', 60, 'Billing Street | Company Address | Company Street'),
  alias('address', 50, 'Home Street | Home Address'),
  alias('address', 40, 'Other Street'),
  alias('city', 92, 'City | Town | Person City'),
  alias('city', 86, 'Mailing City | Business City | Work City | Address 1 - City | Locality'),
  alias('city', 60, 'Billing City'),
  alias('city', 50, 'Home City'),
  alias('city', 40, 'Company City | Other City'),
  alias('state', 92, 'State | State/Region | State/Province | Province | Person State'),
  alias('state', 86, 'Mailing State | Mailing State/Province | Business State | Work State'),
  alias('state', 85, 'Address 1 - Region'),
  alias('state', 70, 'Region | County'),
  alias('state', 60, 'Billing State | Billing State/Province'),
  alias('state', 50, 'Home State'),
  alias('state', 40, 'Company State | Other State'),
  alias('country', 92, 'Country | Country/Region | Person Country'),
  alias('country', 86, 'Mailing Country | Business Country/Region | Work Country'),
  alias('country', 85, 'Address 1 - Country | Business Country'),
  alias('country', 60, 'Billing Country'),
  alias('country', 50, 'Home Country | Home Country/Region'),
  alias('country', 40, 'Company Country | Other Country/Region | Other Country'),

  alias('industry', 92, 'Industry | Company Industry | Industry Type'),
  alias('industry', 80, 'Sector | Vertical'),
  alias('tags', 95, 'Tags | Tag | Prospect Tags | Woodpecker Tags'),

  // Status: Woodpecker's values, unless a CRM's lead statuses (checked on samples).
  alias('status', 100, 'Status', { ambiguity: 'crm-status' }),
  alias('status', 95, 'Prospect Status | Woodpecker Status'),
  alias(null, 0, 'Lead Status | Stage | Lifecycle Stage | Contact Stage | Lead Stage', {
    note: 'a CRM stage, not a Woodpecker status (ACTIVE, BLACKLIST, …)',
  }),

  // Woodpecker's legacy snippet names (notes/api-facts.md: "snipet1"–"snipet4").
  alias('snippet1', 95, 'snipet1'),
  alias('snippet2', 95, 'snipet2'),
  alias('snippet3', 95, 'snipet3'),
  alias('snippet4', 95, 'snipet4'),
];

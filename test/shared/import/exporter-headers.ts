/**
 * Header rows of real exports (as the exporters write them) and the field
 * each header should map to. Headers not listed in `expected` must stay
 * unmapped. Headers are `|`-separated so each list stays a few lines.
 */
import { PROSPECT_EXPORT_COLUMNS } from '../../../src/shared/prospect';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';

export interface ExporterCase {
  name: string;
  headers: string[];
  expected: Record<string, ProspectField>;
}

const split = (...parts: string[]): string[] => parts.join('|').split('|');

const woodpeckerExpected = Object.fromEntries(
  PROSPECT_EXPORT_COLUMNS.filter(
    (c) => !['id', 'last_contacted', 'last_replied', 'updated'].includes(c),
  ).map((c) => [c, c as ProspectField]),
);

export const EXPORTER_CASES: ExporterCase[] = [
  {
    name: 'Woodpecker export (own field names)',
    headers: [...PROSPECT_EXPORT_COLUMNS],
    expected: woodpeckerExpected,
  },
  {
    name: 'Apollo (current: Company Name, Company Name for Emails)',
    headers: split(
      'First Name|Last Name|Title|Company Name|Company Name for Emails|Email|Email Status',
      'Primary Email Source|Primary Email Verification Source|Email Confidence',
      'Primary Email Catch-all Status|Primary Email Last Verified At|Seniority|Sub Departments',
      'Departments|Contact Owner|Work Direct Phone|Home Phone|Mobile Phone|Corporate Phone',
      'Other Phone|Stage|Lists|Last Contacted|Account Owner|# Employees|Industry|Keywords',
      'Person Linkedin Url|Website|Company Linkedin Url|Facebook Url|Twitter Url|City|State',
      'Country|Company Address|Company City|Company State|Company Country|Company Phone',
      'Technologies|Annual Revenue|Total Funding|Latest Funding|Latest Funding Amount',
      'Last Raised At|Subsidiary of|Email Sent|Email Open|Email Bounced|Replied|Demoed',
      'Number of Retail Locations|Apollo Contact Id|Apollo Account Id|Secondary Email',
      'Secondary Email Source|Tertiary Email|Tertiary Email Source',
    ),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'title',
      'Company Name for Emails': 'company',
      Email: 'email',
      'Work Direct Phone': 'phone',
      Industry: 'industry',
      'Person Linkedin Url': 'linkedin_url',
      Website: 'website',
      City: 'city',
      State: 'state',
      Country: 'country',
      'Company Address': 'address',
    },
  },
  {
    name: 'Apollo (older: Company, First Phone)',
    headers: split(
      'First Name|Last Name|Title|Company|Email|Email Status|Email Confidence|Contact Owner',
      'First Phone|Mobile Phone|Corporate Phone|Account Owner|# Employees|Industry|Keywords',
      'Person Linkedin Url|Website|Company Linkedin Url|City|State|Country|Company City',
      'Company Phone|SEO Description|Apollo Contact Id',
    ),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'title',
      Company: 'company',
      Email: 'email',
      'First Phone': 'phone',
      Industry: 'industry',
      'Person Linkedin Url': 'linkedin_url',
      Website: 'website',
      City: 'city',
      State: 'state',
      Country: 'country',
    },
  },
  {
    name: 'HubSpot contacts',
    headers: split(
      'Record ID|First Name|Last Name|Email|Phone Number|Mobile Phone Number|Contact owner',
      'Job Title|Company Name|Associated Company|Website URL|Street Address|City|State/Region',
      'Postal Code|Country/Region|Industry|Lifecycle Stage|Lead Status|Create Date',
      'Last Activity Date|LinkedIn URL|Marketing contact status',
    ),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Job Title': 'title',
      'Company Name': 'company',
      'Website URL': 'website',
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'state',
      'Country/Region': 'country',
      Industry: 'industry',
      'LinkedIn URL': 'linkedin_url',
    },
  },
  {
    name: 'Salesforce lead (API names)',
    headers: split(
      'Id|Salutation|FirstName|LastName|Title|Company|Email|Phone|MobilePhone|Website|Street',
      'City|State|PostalCode|Country|Industry|LeadSource|Status|OwnerId|Description',
      'NumberOfEmployees|HasOptedOutOfEmail',
    ),
    expected: {
      FirstName: 'first_name',
      LastName: 'last_name',
      Title: 'title',
      Company: 'company',
      Email: 'email',
      Phone: 'phone',
      Website: 'website',
      Street: 'address',
      City: 'city',
      State: 'state',
      Country: 'country',
      Industry: 'industry',
      Status: 'status',
    },
  },
  {
    name: 'Salesforce lead report (labels)',
    headers: split(
      'Lead ID|Salutation|First Name|Last Name|Title|Company / Account|Email|Phone|Mobile',
      'Website|Street|City|State/Province|Zip/Postal Code|Country|Industry|Lead Source',
      'Lead Status|Lead Owner|Rating',
    ),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'title',
      'Company / Account': 'company',
      Email: 'email',
      Phone: 'phone',
      Website: 'website',
      Street: 'address',
      City: 'city',
      'State/Province': 'state',
      Country: 'country',
      Industry: 'industry',
    },
  },
  {
    name: 'Salesforce contact report (labels)',
    headers: split(
      'Contact ID|First Name|Last Name|Title|Account Name|Email|Mailing Street|Mailing City',
      'Mailing State/Province|Mailing Zip/Postal Code|Mailing Country|Phone|Mobile',
      'Contact Owner|Lead Source|Account Owner',
    ),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'title',
      'Account Name': 'company',
      Email: 'email',
      'Mailing Street': 'address',
      'Mailing City': 'city',
      'Mailing State/Province': 'state',
      'Mailing Country': 'country',
      Phone: 'phone',
    },
  },
  {
    name: 'LinkedIn Connections (header after the Notes: preamble)',
    headers: split('First Name|Last Name|URL|Email Address|Company|Position|Connected On'),
    expected: {
      'First Name': 'first_name',
      'Last Name': 'last_name',
      URL: 'linkedin_url',
      'Email Address': 'email',
      Company: 'company',
      Position: 'title',
    },
  },
  {
    name: 'lemlist (camelCase)',
    headers: split(
      'email|firstName|lastName|companyName|jobTitle|phone|linkedinUrl|companyDomain',
      'icebreaker|picture|sendUserEmail|sendUserName',
    ),
    expected: {
      email: 'email',
      firstName: 'first_name',
      lastName: 'last_name',
      companyName: 'company',
      jobTitle: 'title',
      phone: 'phone',
      linkedinUrl: 'linkedin_url',
      companyDomain: 'website',
    },
  },
  {
    name: 'Instantly (snake_case)',
    headers: split('email|first_name|last_name|company_name|personalization|website|phone|title'),
    expected: {
      email: 'email',
      first_name: 'first_name',
      last_name: 'last_name',
      company_name: 'company',
      website: 'website',
      phone: 'phone',
      title: 'title',
    },
  },
  {
    name: 'Mailchimp audience',
    headers: split(
      'Email Address|First Name|Last Name|Address|Phone Number|Birthday|MEMBER_RATING',
      'OPTIN_TIME|OPTIN_IP|CONFIRM_TIME|CONFIRM_IP|LATITUDE|LONGITUDE|GMTOFF|DSTOFF|TIMEZONE',
      'CC|REGION|LAST_CHANGED|LEID|EUID|NOTES|TAGS',
    ),
    expected: {
      'Email Address': 'email',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Address: 'address',
      'Phone Number': 'phone',
      REGION: 'state',
      TAGS: 'tags',
    },
  },
];

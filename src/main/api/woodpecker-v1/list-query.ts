import { AppError } from '../../app-error';
import type { ProspectStatus } from '../../../shared/prospect';

/** Maximum `per_page` of the list endpoint (woodpecker-v1-list-prospects.txt). */
export const MAX_PER_PAGE = 1000;

/** Filters, sorting and paging of `GET /rest/v1/prospects`, named as on the wire. */
/** The list's interest levels (woodpecker-v1-list-prospects.txt, `interested`). */
export const INTEREST_LEVELS = [
  'INTERESTED',
  'MAYBE-LATER',
  'NOT-INTERESTED',
  'NOT-MARKED',
] as const;
export type InterestLevel = (typeof INTEREST_LEVELS)[number];

export interface ListProspectsQuery {
  /** 1-based. */
  page?: number;
  /** 1–1000 (vendor default 100). */
  per_page?: number;
  /** e.g. `+company,-last_contacted`; default id ascending. */
  sort?: string;
  id?: number;
  status?: ProspectStatus;
  contacted?: boolean;
  interested?: InterestLevel;
  activity?: 'OPENED' | 'NOT-OPENED' | 'CLICKED' | 'NOT-CLICKED';
  /** Only prospects updated after this instant. */
  diff?: Date | string;
}

/**
 * `diff` in the vendor's ISO-8601-like form, `2025-01-15T00:00:00+0000`
 * (always UTC, so no local zone shifts the instant).
 */
export function formatDiff(value: Date | string): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime()))
    throw new AppError('validation', 'The "changed since" date is invalid.');
  return `${value.toISOString().slice(0, 19)}+0000`;
}

/** The query string; URLSearchParams encodes `+` as `%2B` as the vendor expects. */
export function listQueryString(query: ListProspectsQuery): string {
  if (query.page !== undefined && !(Number.isInteger(query.page) && query.page >= 1)) {
    throw new AppError('validation', `Page ${query.page} is invalid: pages start at 1.`);
  }
  const perPage = query.per_page;
  if (
    perPage !== undefined &&
    !(Number.isInteger(perPage) && perPage >= 1 && perPage <= MAX_PER_PAGE)
  ) {
    throw new AppError('validation', `per_page must be 1–${MAX_PER_PAGE}, not ${perPage}.`);
  }
  const params = new URLSearchParams();
  const set = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) params.set(name, String(value));
  };
  set('page', query.page);
  set('per_page', perPage);
  set('sort', query.sort);
  set('id', query.id);
  set('status', query.status);
  set('contacted', query.contacted);
  set('interested', query.interested);
  set('activity', query.activity);
  set('diff', query.diff === undefined ? undefined : formatDiff(query.diff));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

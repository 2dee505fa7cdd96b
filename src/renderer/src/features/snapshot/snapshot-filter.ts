import type { SnapshotGridFilter } from '../../../../shared/snapshot';

/** What the filter controls hold: text as typed, before debouncing and trimming. */
export interface FilterInput {
  status: string;
  tag: string;
  contacted: 'any' | 'yes' | 'no';
  text: string;
  /** A campaign id as the select holds it, '' for any. */
  campaign: string;
}

export const EMPTY_FILTER_INPUT: FilterInput = {
  status: '',
  tag: '',
  contacted: 'any',
  text: '',
  campaign: '',
};

/**
 * The filter main is sent: blanks left out, since the contract refuses empty
 * strings (contract.ts `snapshotFilter`).
 */
export function toSnapshotFilter(input: FilterInput): SnapshotGridFilter {
  const filter: SnapshotGridFilter = {};
  if (input.status !== '') filter.status = input.status;
  if (input.tag.trim() !== '') filter.tag = input.tag.trim();
  if (input.contacted !== 'any') filter.contacted = input.contacted === 'yes';
  if (input.text.trim() !== '') filter.text = input.text.trim();
  if (input.campaign !== '') filter.campaignId = Number(input.campaign);
  return filter;
}

/** A stable key for a filter (the row cache resets when it changes). */
export const filterKey = (filter: SnapshotGridFilter): string =>
  JSON.stringify([filter.status, filter.tag, filter.contacted, filter.text, filter.campaignId]);

import type { PreviewSummary } from '../../../../shared/update/update-preview';
import type { RowKind } from '../../../../shared/update/update-types';
import { createJobStore } from '../delete-agency/job-store';
import type { PreviewResult } from './job-results';

/** What the Update page shows and follows; survives leaving the page. */
export interface UpdateFlowState {
  listId: string;
  connectionId: string;
  companyId: number | null;
  clearBlanks: boolean;
  /** Sync the snapshot's changes before comparing (incremental sync). */
  refresh: boolean;
  previewJob: string | null;
  /** The open preview (null before the first one, or after the form changed). */
  preview: PreviewResult | null;
  /** Kept apart from `preview`: include/exclude returns a new one. */
  summary: PreviewSummary | null;
  /** The kinds the rows list shows. */
  kinds: RowKind[];
  /** Bumped when inclusion changed, so the rows on screen are fetched again. */
  rowsVersion: number;
  fileName: string;
  batchSize: string;
  /** The apply (or the resume of an earlier run, see `resumedRunId`) whose results show. */
  applyJob: string | null;
  /** Set when `applyJob` resumes an earlier run from the "Earlier updates" list. */
  resumedRunId: string | null;
  retryJob: string | null;
  revertJob: string | null;
}

export const INITIAL_UPDATE_FLOW: UpdateFlowState = {
  listId: '',
  connectionId: '',
  companyId: null,
  clearBlanks: false,
  refresh: true,
  previewJob: null,
  preview: null,
  summary: null,
  kinds: ['new', 'changed'],
  rowsVersion: 0,
  fileName: '',
  batchSize: '20000',
  applyJob: null,
  resumedRunId: null,
  retryJob: null,
  revertJob: null,
};

/**
 * Module state, not component state: leaving the Update page unmounts it,
 * and an apply still running in main must be there, with its Cancel and
 * its results, on return (as features/delete/flow-store.ts).
 */
export const updateStore = createJobStore<UpdateFlowState>(INITIAL_UPDATE_FLOW);

/** Forgets the preview and every job after it (the form changed or a new preview starts). */
export const PREVIEW_CLEARED: Partial<UpdateFlowState> = {
  preview: null,
  summary: null,
  applyJob: null,
  resumedRunId: null,
  retryJob: null,
  revertJob: null,
  rowsVersion: 0,
};

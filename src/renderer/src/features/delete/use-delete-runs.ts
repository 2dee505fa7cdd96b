import type { DeleteRunInfo } from '../../../../shared/delete';
import { api } from '../../lib/api';
import { useRunList } from '../../lib/use-run-list';
import type { RunListState } from '../../lib/use-run-list';

export type DeleteRunsState = RunListState<DeleteRunInfo>;

/** The runs in the backups folder (newest first), for resume and restore. */
export function useDeleteRuns(): DeleteRunsState {
  return useRunList(api.listDeleteRuns, 'The backups folder could not be read');
}

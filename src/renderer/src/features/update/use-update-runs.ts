import type { UpdateRunInfo } from '../../../../shared/update/update-run-info';
import { api } from '../../lib/api';
import { useRunList } from '../../lib/use-run-list';
import type { RunListState } from '../../lib/use-run-list';

export type UpdateRunsState = RunListState<UpdateRunInfo>;

/** The update runs in the data folder (newest first), for the "Earlier updates" list. */
export function useUpdateRuns(): UpdateRunsState {
  return useRunList(api.listUpdateRuns, 'Earlier updates could not be listed');
}

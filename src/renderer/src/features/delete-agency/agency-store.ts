import { createJobStore } from './job-store';

/** What the agency "delete ALL" panel follows across page switches. */
export interface AgencyFlowState {
  connectionId: string;
  companyId: number | null;
  backupJob: string | null;
  executeJob: string | null;
  /** The name typed to confirm, kept so "Check again" can reconcile the same run. */
  typedName: string;
}

export const agencyStore = createJobStore<AgencyFlowState>({
  connectionId: '',
  companyId: null,
  backupJob: null,
  executeJob: null,
  typedName: '',
});

import type { DeleteRunInfo } from '../../../../shared/delete';
import { formatCount } from '../../lib/format';
import { ConfirmDialog } from '../lists/confirm-dialog';

/**
 * Restoring a Leads run says first what can come back: archived and
 * anonymized leads get their backed-up values; deleted leads cannot be
 * re-created through the API (leads-restore.ts), the backup keeps them.
 */
export function LeadsRestoreDialog({
  run,
  onRestore,
  onCancel,
}: {
  run: DeleteRunInfo;
  onRestore(): void;
  onCancel(): void;
}) {
  return (
    <ConfirmDialog
      title={`Restore the ${formatCount(run.records)} leads of this run?`}
      confirmLabel="Restore"
      onConfirm={onRestore}
      onCancel={onCancel}
    >
      <p>
        Puts back, from backup <code>{run.runId}</code>, the status and metadata of archived leads
        and the name, email and phone of anonymized ones, in {run.connection.label}. Leads the run
        did not change are left alone; repeating a restore is safe.
      </p>
      <p className="warning-text" data-testid="leads-restore-limits">
        Deleted leads cannot be restored through the Leads API: they are reported, and the backup
        file keeps them (<code>{run.manifest}</code>).
      </p>
    </ConfirmDialog>
  );
}

/** A runs table's first cell: when the run was made, and its id to quote in support requests. */
export function RunStartedCell({ createdAt, runId }: { createdAt: string; runId: string }) {
  return (
    <td>
      {createdAt ? new Date(createdAt).toLocaleString() : '—'}
      <div className="muted">
        <code>{runId}</code>
      </div>
    </td>
  );
}

import type { ConnectionSummary } from '../../../../shared/connections';

/**
 * Which account a delete acts on: a Woodpecker or Sandbox connection, and for
 * agency connections the client company (a client company is its own account).
 */
export function AccountSelect({
  connections,
  connectionId,
  companyId,
  onChange,
  disabled,
}: {
  connections: ConnectionSummary[];
  connectionId: string;
  companyId: number | null;
  onChange(connectionId: string, companyId: number | null): void;
  disabled: boolean;
}) {
  const selected = connections.find((c) => c.id === connectionId);
  return (
    <div className="delete-account">
      <label className="inline">
        Connection
        <select
          value={connectionId}
          onChange={(e) => onChange(e.target.value, null)}
          disabled={disabled}
          data-testid="delete-connection"
        >
          {connections.length === 0 && <option value="">No Woodpecker connection yet</option>}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label} ({c.kind})
            </option>
          ))}
        </select>
      </label>
      {selected && selected.companies.length > 0 && (
        <label className="inline">
          Client company
          <select
            value={companyId ?? ''}
            onChange={(e) =>
              onChange(connectionId, e.target.value === '' ? null : Number(e.target.value))
            }
            disabled={disabled}
            data-testid="delete-company"
          >
            <option value="">The agency account itself</option>
            {selected.companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.id})
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

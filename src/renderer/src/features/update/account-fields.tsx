import type { ConnectionSummary } from '../../../../shared/connections';

/** Connections an update can go to: Woodpecker and Sandbox (the Leads API has no prospects). */
export const updatableConnections = (connections: ConnectionSummary[]) =>
  connections.filter((c) => c.kind !== 'leads');

/** The connection and, for agencies, the client company whose prospects are updated. */
export function AccountFields({
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
    <>
      <label className="inline">
        Connection
        <select
          value={connectionId}
          onChange={(e) => onChange(e.target.value, null)}
          disabled={disabled}
          data-testid="update-connection"
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
            data-testid="update-company"
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
    </>
  );
}

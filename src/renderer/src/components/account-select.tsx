import type { ConnectionSummary } from '../../../shared/connections';

/** Connections with prospects: Woodpecker, agency and the Sandbox (not the Leads API). */
export const woodpeckerConnections = (connections: ConnectionSummary[]) =>
  connections.filter((c) => c.kind !== 'leads');

/**
 * Which account an action works on: a Woodpecker or Sandbox connection, and
 * for agency connections the client company (a client company is its own
 * account). `testId` prefixes the two selects' test ids (e.g. "delete").
 */
export function AccountSelect({
  connections,
  connectionId,
  companyId,
  onChange,
  disabled,
  testId,
  className,
}: {
  connections: ConnectionSummary[];
  connectionId: string;
  companyId: number | null;
  onChange(connectionId: string, companyId: number | null): void;
  disabled: boolean;
  testId: string;
  className?: string;
}) {
  const selected = connections.find((c) => c.id === connectionId);
  const fields = (
    <>
      <label className="inline">
        Connection
        <select
          value={connectionId}
          onChange={(e) => onChange(e.target.value, null)}
          disabled={disabled}
          data-testid={`${testId}-connection`}
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
            data-testid={`${testId}-company`}
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
  // Without a class the two selects sit directly in the caller's layout.
  return className ? <div className={className}>{fields}</div> : fields;
}

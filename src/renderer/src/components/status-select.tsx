import { PROSPECT_STATUSES } from '../../../shared/prospect';

/** "Status: Any status / ACTIVE / …": the prospect status filter of the snapshot grid and the delete form. */
export function StatusSelect({
  value,
  onChange,
  disabled,
  testId,
}: {
  value: string;
  onChange(status: string): void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <label className="inline">
      Status
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        data-testid={testId}
      >
        <option value="">Any status</option>
        {PROSPECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

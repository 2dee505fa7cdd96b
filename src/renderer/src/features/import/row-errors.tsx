import { useEffect, useState } from 'react';
import { cleanHeader } from '../../../../shared/import/header-key';
import { formatCount } from '../../lib/format';
import type { RowErrorEntry } from '../../workers/protocol';
import type { ImportController } from './import-controller';

const LIMIT = 200;

/**
 * Every row with errors, by source line, fetched from the worker only while
 * the list is open (and refreshed when the data changes).
 */
export function RowErrors({
  controller,
  dataVersion,
  invalid,
}: {
  controller: ImportController;
  dataVersion: number;
  invalid: number;
}) {
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<RowErrorEntry[]>([]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    controller.client.call('rowErrors', { limit: LIMIT }).then(
      (result) => live && setRows(result.rows),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [controller, dataVersion, open]);

  if (invalid === 0) return null;
  return (
    <details
      className="card row-errors"
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="row-errors"
    >
      <summary>
        {formatCount(invalid)} row{invalid === 1 ? '' : 's'} with errors
      </summary>
      <ul>
        {rows.map((row) =>
          row.errors.map((error, i) => (
            <li key={`${row.index}-${i}`} data-testid="row-error" data-line={row.line}>
              <strong>Line {formatCount(row.line)}</strong>
              {error.column !== '' && ` · ${cleanHeader(error.column)}`}: {error.message}
              {error.value !== '' && (
                <>
                  {' '}
                  (<code>{error.value}</code>)
                </>
              )}
            </li>
          )),
        )}
      </ul>
      {invalid > LIMIT && (
        <p className="muted">
          Showing the first {LIMIT}. Use the “Errors” filter to go through all of them in the grid.
        </p>
      )}
    </details>
  );
}

import { useRef, useState } from 'react';
import type { Delimiter, ExportOptions, GridQuery } from '../../../../shared/import/session-types';
import { ErrorMessage } from '../../components/error-message';
import { formatCount } from '../../lib/format';
import type { ImportController } from './import-controller';
import { exportFileName, runExport } from './export-runner';

type Scope = 'list' | 'view';

/**
 * Export the list (or the grid's current view) to CSV or JSON in the data
 * folder: BOM for Excel, delimiter, prospect fields or source columns, and
 * valid rows only. CSV cells that look like formulas are neutralised.
 */
export function ExportPanel({
  controller,
  name,
  view,
  disabled,
}: {
  controller: ImportController;
  name: string;
  view: GridQuery;
  disabled: boolean;
}) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [columns, setColumns] = useState<ExportOptions['columns']>('prospect-fields');
  const [bom, setBom] = useState(true);
  const [delimiter, setDelimiter] = useState<Delimiter>(',');
  const [validOnly, setValidOnly] = useState(false);
  const [scope, setScope] = useState<Scope>('list');
  const [running, setRunning] = useState<number | null>(null);
  const [result, setResult] = useState<{ path: string; bytes: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    setError(null);
    setResult(null);
    setRunning(0);
    abort.current = new AbortController();
    try {
      const options: ExportOptions = { format, columns, validOnly };
      if (format === 'csv') Object.assign(options, { bom, delimiter });
      const file = await runExport(controller.client, {
        fileName: exportFileName(name, format),
        query: scope === 'view' ? view : null,
        options,
        signal: abort.current.signal,
        onProgress: setRunning,
      });
      setResult(file);
    } catch (e) {
      const code = (e as { code?: string }).code;
      setError(
        code === 'cancelled'
          ? 'Export cancelled; no file was written.'
          : `The export failed: ${e instanceof Error ? e.message : String(e)}. Check there is free space in the data folder and try again.`,
      );
    } finally {
      setRunning(null);
    }
  };

  return (
    <div className="export" data-testid="export-panel">
      <div className="export-options">
        <label>
          Format
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}
            data-testid="export-format"
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <label>
          Columns
          <select
            value={columns}
            onChange={(e) => setColumns(e.target.value as ExportOptions['columns'])}
            data-testid="export-columns"
          >
            <option value="prospect-fields">Prospect fields (cleaned values)</option>
            <option value="source">Source columns (as in the file)</option>
          </select>
        </label>
        <label>
          Rows
          <select
            value={scope}
            onChange={(e) => setScope(e.target.value as Scope)}
            data-testid="export-scope"
          >
            <option value="list">The whole list</option>
            <option value="view">The rows shown (filter, search, sort)</option>
          </select>
        </label>
        {format === 'csv' && (
          <label>
            Delimiter
            <select
              value={delimiter}
              onChange={(e) => setDelimiter(e.target.value as Delimiter)}
              data-testid="export-delimiter"
            >
              <option value=",">Comma</option>
              <option value=";">Semicolon (Excel in many European locales)</option>
              <option value={'\t'}>Tab</option>
              <option value="|">Pipe</option>
            </select>
          </label>
        )}
        {format === 'csv' && (
          <label className="radio">
            <input
              type="checkbox"
              checked={bom}
              onChange={(e) => setBom(e.target.checked)}
              data-testid="export-bom"
            />
            Byte-order mark (Excel then reads accents correctly)
          </label>
        )}
        <label className="radio">
          <input
            type="checkbox"
            checked={validOnly}
            onChange={(e) => setValidOnly(e.target.checked)}
            data-testid="export-valid-only"
          />
          Valid rows only (leave out rows with errors; removed duplicates are never exported)
        </label>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={disabled || running !== null}
          onClick={() => void start()}
          data-testid="export-start"
        >
          Export
        </button>
        {running !== null && (
          <>
            <span className="muted" role="status" data-testid="export-progress">
              Writing… {formatCount(Math.round(running / 1024))} KB
            </span>
            <button
              type="button"
              className="button secondary"
              onClick={() => abort.current?.abort()}
              data-testid="export-cancel"
            >
              Cancel
            </button>
          </>
        )}
      </div>
      {result && (
        <p className="success" data-testid="export-result">
          Exported {formatCount(result.bytes)} bytes to{' '}
          <code data-testid="export-path">{result.path}</code>
        </p>
      )}
      <ErrorMessage message={error} testId="export-error" />
    </div>
  );
}

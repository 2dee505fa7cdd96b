import { memo } from 'react';
import type {
  ColumnAssignment,
  ColumnMapping,
  MatchConfidence,
} from '../../../../shared/import/header-mapping';
import { freeSnippetFields } from '../../../../shared/import/header-mapping';
import {
  FIELD_LABELS,
  IMPORT_FIELDS,
  isProspectField,
  isSnippetField,
} from '../../../../shared/import/prospect-fields';
import type { ProspectField } from '../../../../shared/import/prospect-fields';
import { assertNever } from '../../../../shared/errors';
import { cleanHeader } from '../../../../shared/import/header-key';

const MAIN_FIELDS = IMPORT_FIELDS.filter((f) => !isSnippetField(f));
const SNIPPETS = IMPORT_FIELDS.filter((f) => isSnippetField(f));

function confidenceLabel(confidence: MatchConfidence): string {
  switch (confidence) {
    case 'exact':
      return 'Exact name';
    case 'alias':
      return 'Known header';
    case 'guess':
      return 'Guessed';
    case 'user':
      return 'Chosen by you';
    case 'none':
      return 'Not imported';
    default:
      return assertNever(confidence);
  }
}

/**
 * One select per source column: the prospect field it goes to, "Not imported",
 * or a free snippet for columns nothing matched. Shows how each match was
 * found and why a column was left out; a change re-validates every row.
 */
export const MappingEditor = memo(function MappingEditor({
  mapping,
  disabled,
  onAssign,
}: {
  mapping: ColumnMapping;
  disabled: boolean;
  onAssign(column: number, field: ProspectField | null): void;
}) {
  const owner = new Map<ProspectField, ColumnAssignment>();
  for (const c of mapping.columns) if (c.field) owner.set(c.field, c);
  const suggestedSnippet = freeSnippetFields(mapping)[0];
  const candidates = new Set(mapping.snippetCandidates.map((c) => c.column));

  const optionLabel = (field: ProspectField, column: number) => {
    const from = owner.get(field);
    return from && from.column !== column
      ? `${FIELD_LABELS[field]} (now from “${cleanHeader(from.header)}”)`
      : FIELD_LABELS[field];
  };

  return (
    <div className="mapping-scroll">
      <table className="mapping" data-testid="mapping-editor">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Imported as</th>
            <th scope="col">How</th>
          </tr>
        </thead>
        <tbody>
          {mapping.columns.map((c) => {
            const header = cleanHeader(c.header) || `(column ${c.column + 1}, no header)`;
            return (
              <tr key={c.column} data-testid="mapping-row" data-column={c.column}>
                <th scope="row">{header}</th>
                <td>
                  <select
                    aria-label={`Field for column ${header}`}
                    value={c.field ?? ''}
                    disabled={disabled}
                    onChange={(e) => {
                      const value = e.target.value;
                      onAssign(c.column, value !== '' && isProspectField(value) ? value : null);
                    }}
                    data-testid={`mapping-select-${c.column}`}
                  >
                    <option value="">Not imported</option>
                    {candidates.has(c.column) && suggestedSnippet && (
                      <optgroup label="Suggested">
                        <option value={suggestedSnippet}>
                          Use as {FIELD_LABELS[suggestedSnippet]}
                        </option>
                      </optgroup>
                    )}
                    <optgroup label="Prospect fields">
                      {MAIN_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {optionLabel(f, c.column)}
                        </option>
                      ))}
                    </optgroup>
                    <optgroup label="Snippets">
                      {SNIPPETS.map((f) => (
                        <option key={f} value={f}>
                          {optionLabel(f, c.column)}
                        </option>
                      ))}
                    </optgroup>
                  </select>
                </td>
                <td>
                  <span
                    className={`badge confidence-${c.confidence}`}
                    data-testid="mapping-confidence"
                  >
                    {confidenceLabel(c.confidence)}
                  </span>
                  {c.reason && <small className="mapping-reason"> {c.reason}</small>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

import { useState } from 'react';
import type {
  Delimiter,
  ImportDetection,
  ImportOverrides,
  LineEnding,
  TextEncodingName,
} from '../../../../shared/import/session-types';

const ENCODINGS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western European, older Excel)',
};
const DELIMITERS: Record<Delimiter, string> = {
  ',': 'Comma ( , )',
  ';': 'Semicolon ( ; )',
  '\t': 'Tab',
  '|': 'Pipe ( | )',
};
const LINE_ENDINGS: Record<LineEnding, string> = {
  '\r\n': 'Windows (CRLF)',
  '\n': 'Unix (LF)',
  '\r': 'Classic Mac (CR)',
  mixed: 'Mixed',
};

/**
 * What was detected about the file, each setting overridable: a wrong guess
 * is fixed by re-importing the same file with the user's choice.
 */
export function DetectionPanel({
  detection,
  onReimport,
}: {
  detection: ImportDetection;
  /** Absent for saved lists (no source file to read again). */
  onReimport?: (overrides: ImportOverrides) => void;
}) {
  const [encoding, setEncoding] = useState(detection.encoding);
  const [delimiter, setDelimiter] = useState(detection.delimiter);
  const [headerRow, setHeaderRow] = useState(detection.headerRow + 1);
  const changed =
    encoding !== detection.encoding ||
    delimiter !== detection.delimiter ||
    headerRow !== detection.headerRow + 1;
  const disabled = !onReimport;

  return (
    <div className="detection" data-testid="detection-panel">
      <label>
        Encoding
        <select
          value={encoding}
          disabled={disabled}
          onChange={(e) => setEncoding(e.target.value as TextEncodingName)}
          data-testid="detect-encoding"
        >
          {Object.entries(ENCODINGS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
              {value === detection.encoding && ' — detected'}
            </option>
          ))}
        </select>
        {detection.bom && <small>The file starts with a byte-order mark.</small>}
      </label>
      <label>
        Delimiter
        <select
          value={delimiter}
          disabled={disabled}
          onChange={(e) => setDelimiter(e.target.value as Delimiter)}
          data-testid="detect-delimiter"
        >
          {Object.entries(DELIMITERS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
              {value === detection.delimiter && ' — detected'}
            </option>
          ))}
        </select>
      </label>
      <label>
        Header row
        <input
          type="number"
          min={1}
          value={headerRow}
          disabled={disabled}
          onChange={(e) => setHeaderRow(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
          data-testid="detect-header-row"
        />
        <small>
          {detection.headerRow > 0
            ? `Record ${detection.headerRow + 1}: the ${detection.headerRow} record(s) above it are skipped as a preamble.`
            : 'The first record holds the column names.'}
        </small>
      </label>
      <div className="detection-fact">
        <span>Line endings</span>
        <span data-testid="detect-line-endings">{LINE_ENDINGS[detection.lineEnding]}</span>
        <small>Read as-is; any mix is accepted.</small>
      </div>
      {onReimport && (
        <button
          type="button"
          className="button secondary"
          disabled={!changed}
          onClick={() => onReimport({ encoding, delimiter, headerRow: headerRow - 1 })}
          data-testid="detect-reimport"
        >
          Re-import with these settings
        </button>
      )}
    </div>
  );
}

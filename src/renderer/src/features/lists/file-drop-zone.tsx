import { useRef } from 'react';

/** File types offered by the picker; anything dropped is still sniffed by content. */
export const ACCEPTED_FILES = '.csv,.tsv,.txt,text/csv,text/tab-separated-values';

/** The empty-state target: drop a file anywhere on the page, or choose one. */
export function FileDropZone({ onFile, active }: { onFile(file: File): void; active: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={`drop-zone${active ? ' drop-active' : ''}`} data-testid="drop-zone">
      <p>
        <strong>Drop a spreadsheet here</strong> — CSV, TSV, semicolon or pipe separated, any
        encoding Excel, Google Sheets, LinkedIn or a CRM writes.
      </p>
      <p className="muted">Excel workbooks (.xlsx): save them as “CSV UTF-8” first.</p>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_FILES}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
        data-testid="file-input"
      />
    </div>
  );
}

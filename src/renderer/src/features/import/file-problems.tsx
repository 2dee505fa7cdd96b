import { memo } from 'react';
import type { FileProblem } from '../../../../shared/import/session-types';
import { formatCount } from '../../lib/format';

const SHOWN = 50;

/**
 * Problems with the file itself (a broken quote, a row with too many cells),
 * by source line. The rows around them were kept.
 */
export const FileProblems = memo(function FileProblems({
  problems,
  count,
}: {
  problems: FileProblem[];
  count: number;
}) {
  if (count === 0) return null;
  return (
    <div
      className="card warning"
      data-testid="file-problems"
      role="region"
      aria-label="File problems"
    >
      <h2>
        {formatCount(count)} problem{count === 1 ? '' : 's'} in the file
      </h2>
      <p className="muted">
        Every other row was imported. Fix these in the spreadsheet and import it again, or edit the
        affected rows below.
      </p>
      <ul className="problem-list">
        {problems.slice(0, SHOWN).map((p, i) => (
          <li key={i} data-testid="file-problem" data-line={p.line}>
            {p.line !== undefined && <strong>Line {formatCount(p.line)}: </strong>}
            {p.message}
          </li>
        ))}
      </ul>
      {count > SHOWN && <p className="muted">…and {formatCount(count - SHOWN)} more.</p>}
    </div>
  );
});

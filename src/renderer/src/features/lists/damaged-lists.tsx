import type { DamagedList } from '../../../../shared/ipc/contract';

/**
 * Saved lists whose files cannot be read (a disk error, a file edited by
 * hand). Listed so the user knows, with the folder to look at and a way to
 * remove them; never hidden and never removed without asking.
 */
export function DamagedLists({
  damaged,
  onRemove,
}: {
  damaged: DamagedList[];
  onRemove(list: DamagedList): void;
}) {
  if (damaged.length === 0) return null;
  return (
    <div className="card warning" role="status" data-testid="damaged-lists">
      <p>
        {damaged.length === 1
          ? 'A saved list cannot be read.'
          : `${damaged.length} saved lists cannot be read.`}{' '}
        Their folders are in <code>lists/</code> of your data folder (Settings shows where).
      </p>
      <ul>
        {damaged.map((list) => (
          <li key={list.id} data-testid="damaged-list" data-id={list.id}>
            <code>{list.id}</code>: {list.reason}{' '}
            <button
              type="button"
              className="link danger-link"
              onClick={() => onRemove(list)}
              data-testid="damaged-list-remove"
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { ListMeta } from '../../../../shared/lists';
import { formatCount } from '../../lib/format';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The lists kept in the data folder: counts, when imported, Open and Remove. */
export function SavedLists({
  lists,
  onOpen,
  onRemove,
}: {
  lists: ListMeta[];
  onOpen(meta: ListMeta): void;
  onRemove(meta: ListMeta): void;
}) {
  return (
    <table className="saved-lists" data-testid="saved-lists">
      <thead>
        <tr>
          <th scope="col">List</th>
          <th scope="col">Rows</th>
          <th scope="col">Valid</th>
          <th scope="col">With errors</th>
          <th scope="col">Duplicates</th>
          <th scope="col">Imported</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lists.map((list) => (
          <tr key={list.id} data-testid="saved-list" data-name={list.name}>
            <th scope="row">
              {list.name}
              <small className="muted"> {list.sourceFile}</small>
            </th>
            <td data-testid="saved-list-rows">{formatCount(list.rows)}</td>
            <td>{formatCount(list.valid)}</td>
            <td>{formatCount(list.invalid)}</td>
            <td>{formatCount(list.duplicates)}</td>
            <td>
              <time dateTime={list.importedAt}>{dateFormat.format(new Date(list.importedAt))}</time>
            </td>
            <td className="row-actions">
              <button
                type="button"
                className="button secondary"
                onClick={() => onOpen(list)}
                data-testid="saved-list-open"
              >
                Open
              </button>
              <button
                type="button"
                className="link danger-link"
                onClick={() => onRemove(list)}
                data-testid="saved-list-remove"
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { ChangeFlag } from '../../../../shared/update/diff-row';
import type { RowKind } from '../../../../shared/update/update-types';

/** How each kind of row is named in the preview. */
export const KIND_TEXT: Readonly<Record<RowKind, string>> = {
  new: 'New',
  changed: 'Changed',
  unchanged: 'Unchanged',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
};

/** Why a kind is (not) sent, shown as the chip's tooltip. */
export const KIND_HINT: Readonly<Record<RowKind, string>> = {
  new: 'Not in the account: will be added',
  changed: 'In the account with other values: will be updated',
  unchanged: 'Already as in the list: not sent',
  invalid: 'The row has errors: not sent (fix it on the Lists page)',
  duplicate: 'An earlier row has the same email: not sent',
};

/** How each flag is named next to a change. */
export const FLAG_TEXT: Readonly<Record<ChangeFlag, string>> = {
  'status-change': 'status change',
  overwrite: 'overwrites a value',
  clear: 'clears the field',
};

/**
 * What a restore cannot bring back, said before the user starts one.
 *
 * The same sentence as RESTORE_LIMITS in src/main/delete/v1-restore.ts (the
 * renderer cannot import main): Woodpecker gives re-added prospects new ids
 * and its API cannot restore campaign membership or activity.
 */
export const RESTORE_LIMITS =
  'Restored prospects get new ids. Campaign membership, history (emails sent, opens, replies) and the links Woodpecker sets itself (CRM organisation, snippet labels) cannot be restored through the API.';

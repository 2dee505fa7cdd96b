/**
 * An update run found in the data folder, for the Update page's list of
 * earlier updates: an interrupted one can be resumed there.
 */
export interface UpdateRunInfo {
  runId: string;
  createdAt: string;
  connection: { id: string; label: string; companyId?: number };
  /** The list it came from. */
  list: string;
  /**
   * interrupted: the apply stopped before every row was sent (Resume);
   * finished: it ended (retry and revert are offered with its results);
   * damaged: its files are not as written (`message` says which and why).
   */
  status: 'interrupted' | 'finished' | 'damaged';
  /** Rows planned for sending. */
  planned: number;
  /** Rows with an outcome so far, by kind (interrupted runs: what was done before it stopped). */
  counts: { updated: number; added: number; failed: number; unknown: number };
  /** Planned rows not sent yet. */
  notSent: number;
  reverted: boolean;
  message?: string;
}

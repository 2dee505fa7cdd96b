/**
 * Is this pid running on this computer? `kill(pid, 0)` sends nothing: it only
 * asks. EPERM means it runs, under another user. A reused pid looks alive:
 * callers treat "alive" as "maybe ours", never the other way round.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

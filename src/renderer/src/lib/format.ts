const integer = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => integer.format(n);

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${seconds % 60}s`;
}

const MB = 1024 * 1024;

/** File sizes as people read them: "3.2 MB", "640 MB". */
export const formatMb = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

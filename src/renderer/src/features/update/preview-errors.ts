/**
 * What the user should do after a preview failed. A missing snapshot is the
 * common case on a new account: it points to the Account page (Alt+3).
 */
export function previewErrorText(error: { code: string; message: string }): string {
  if (error.code === 'not_found' && /snapshot/i.test(error.message)) {
    return 'This account has no snapshot yet: sync it on the Account page (Alt+3), then preview again.';
  }
  if (error.code === 'not_found') return `${error.message} Choose the list again and preview.`;
  return `${error.message} Nothing was sent to Woodpecker; fix this and preview again.`;
}

/** What the user should do after an apply, retry or revert failed as a whole. */
export function runErrorText(action: string, error: { code: string; message: string }): string {
  return `${action} stopped: ${error.message} Rows sent before this are in the results files; check the History page, then try again.`;
}

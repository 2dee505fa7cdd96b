/**
 * The names of every IPC channel, and the preload method that calls each.
 *
 * Dependency-free on purpose: the sandboxed preload bundles this file, and the
 * e2e harness serialises it into the page. Schemas live in ./contract.ts.
 */
export const INVOKE_CHANNELS = {
  listConnections: 'connections:list',
  saveConnection: 'connections:save',
  removeConnection: 'connections:remove',
  testConnection: 'connections:test',
  setActiveConnection: 'connections:set-active',
  getAppInfo: 'app:info',
  openExternal: 'app:open-external',
  revealLogFile: 'app:reveal-log',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  startAccountExport: 'account:export',
  cancelJob: 'jobs:cancel',
  listLists: 'lists:list',
  beginListSave: 'lists:begin-save',
  saveListChunk: 'lists:save-chunk',
  commitListSave: 'lists:commit-save',
  readListChunk: 'lists:read-chunk',
  removeList: 'lists:remove',
  listPresets: 'presets:list',
  savePreset: 'presets:save',
  beginExport: 'exports:begin',
  writeExportChunk: 'exports:chunk',
  commitExport: 'exports:commit',
  abortExport: 'exports:abort',
  startSnapshotSync: 'snapshot:sync',
  startCampaignSync: 'snapshot:sync-campaigns',
  getSnapshotInfo: 'snapshot:info',
  querySnapshot: 'snapshot:query',
  startSnapshotExport: 'snapshot:export',
  startUpdatePreview: 'update:preview',
  getPreviewRows: 'update:rows',
  setPreviewIncluded: 'update:include',
  startUpdateApply: 'update:apply',
  startUpdateRetry: 'update:retry',
  startUpdateRevert: 'update:revert',
  startUpdateResume: 'update:resume',
  listUpdateRuns: 'update:runs',
  getUpdateOutcomes: 'update:outcomes',
  startDeleteBackup: 'delete:backup',
  startDelete: 'delete:execute',
  startRestore: 'delete:restore',
  listDeleteRuns: 'delete:runs',
  startAgencyBackup: 'agency-delete:backup',
  startAgencyDelete: 'agency-delete:execute',
  startLeadsBackup: 'leads-delete:backup',
  startLeadsAction: 'leads-delete:execute',
  startLeadsRestore: 'leads-delete:restore',
  listHistory: 'history:list',
  takeOpenedFiles: 'files:take-opened',
  readOpenedFileChunk: 'files:read-chunk',
  releaseOpenedFile: 'files:release',
} as const;

export const EVENT_CHANNELS = {
  onJobProgress: 'jobs:progress',
  onFileOpened: 'files:opened',
} as const;

export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[InvokeMethod];
export type EventMethod = keyof typeof EVENT_CHANNELS;
export type EventChannel = (typeof EVENT_CHANNELS)[EventMethod];

import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves each architecture gate in eslint.config.js still fires, by linting small
 * snippets under fake file paths, so a config edit cannot silently switch one off.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return messages.map((message) => message.ruleId ?? '');
}

const windowWith = (option: string) => `
import { BrowserWindow } from 'electron';
export const open = () =>
  new BrowserWindow({ webPreferences: { preload: 'p.cjs', ${option} } });
`;

interface Violation {
  name: string;
  filePath: string;
  code: string;
  rule: string;
}

const violations: Violation[] = [
  ...[
    'nodeIntegration: true',
    'contextIsolation: false',
    'sandbox: false',
    'webSecurity: false',
    'allowRunningInsecureContent: true',
    'experimentalFeatures: true',
    "enableBlinkFeatures: 'CSSLayoutAPI'",
    'sandbox: process.env.DEV !== "1"',
  ].map((option) => ({
    name: `webPreferences { ${option} }`,
    filePath: 'src/main/window.ts',
    code: windowWith(option),
    rule: 'architecture/secure-web-preferences',
  })),
  {
    name: 'raw ipcRenderer exposed to the page',
    filePath: 'src/preload/index.ts',
    code: `import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('ipc', ipcRenderer);`,
    rule: 'architecture/no-raw-ipc-renderer',
  },
  {
    name: 'ipcRenderer.invoke exposed directly (generic invoke bridge)',
    filePath: 'src/preload/index.ts',
    code: `import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', { invoke: ipcRenderer.invoke });`,
    rule: 'architecture/no-raw-ipc-renderer',
  },
  {
    name: 'ipcRenderer.send exposed via bind',
    filePath: 'src/preload/index.ts',
    code: `import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', { send: ipcRenderer.send.bind(ipcRenderer) });`,
    rule: 'architecture/no-raw-ipc-renderer',
  },
  {
    name: 'ipcRenderer.on exposed directly',
    filePath: 'src/preload/index.ts',
    code: `import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', { on: ipcRenderer.on });`,
    rule: 'architecture/no-raw-ipc-renderer',
  },
  {
    name: 'ipcMain outside register.ts',
    filePath: 'src/main/index.ts',
    code: `import { ipcMain } from 'electron';
ipcMain.handle('x', () => 1);`,
    rule: 'architecture/ipc-main-only-in-register',
  },
  {
    name: 'shell.openExternal outside open-external.ts',
    filePath: 'src/main/window.ts',
    code: `import { shell } from 'electron';
export const go = (url: string) => shell.openExternal(url);`,
    rule: 'architecture/open-external-only-in-one-place',
  },
  {
    name: 'electron imported by a main service',
    filePath: 'src/main/jobs/export-account.ts',
    code: `import { app } from 'electron';
export const where = () => app.getPath('userData');`,
    rule: 'architecture/electron-import-boundary',
  },
  {
    name: 'electron type imported by a test',
    filePath: 'test/main/x.test.ts',
    code: `import type { WebContents } from 'electron';
export type W = WebContents;`,
    rule: 'architecture/electron-import-boundary',
  },
  {
    name: 'electron imported by the renderer',
    filePath: 'src/renderer/src/app.tsx',
    code: `import { ipcRenderer } from 'electron';
export const x = () => ipcRenderer.invoke('a');`,
    rule: 'architecture/electron-import-boundary',
  },
  {
    name: 'node: builtin in the renderer',
    filePath: 'src/renderer/src/features/lists/lists-page.tsx',
    code: `import { readFile } from 'node:fs/promises';
export const read = () => readFile('x');`,
    rule: 'architecture/renderer-imports',
  },
  {
    name: 'bare Node builtin in the renderer',
    filePath: 'src/renderer/src/lib/format.ts',
    code: `import path from 'path';
export const base = (p: string) => path.basename(p);`,
    rule: 'architecture/renderer-imports',
  },
  {
    name: 'renderer importing src/main',
    filePath: 'src/renderer/src/features/lists/lists-page.tsx',
    code: `import { createAppServices } from '../../../../main/app-services';
export const s = createAppServices;`,
    rule: 'architecture/no-cross-layer-import',
  },
  {
    name: 'node: builtin in shared',
    filePath: 'src/shared/import/dedupe.ts',
    code: `import { createHash } from 'node:crypto';
export const h = () => createHash('sha256');`,
    rule: 'architecture/shared-imports',
  },
  {
    name: 'React in shared',
    filePath: 'src/shared/prospect.ts',
    code: `import { useState } from 'react';
export const u = useState;`,
    rule: 'architecture/shared-imports',
  },
  {
    name: 'electron in shared',
    filePath: 'src/shared/prospect.ts',
    code: `import { app } from 'electron';
export const a = app;`,
    rule: 'architecture/electron-import-boundary',
  },
  {
    name: 'shared importing src/main',
    filePath: 'src/shared/import/dedupe.ts',
    code: `import { log } from '../../main/log';
export const l = log;`,
    rule: 'architecture/no-cross-layer-import',
  },
  {
    name: 'shared importing the renderer',
    filePath: 'src/shared/prospect.ts',
    code: `export * from '../renderer/src/lib/format';`,
    rule: 'architecture/no-cross-layer-import',
  },
  {
    name: 'network access from shared',
    filePath: 'src/shared/prospect.ts',
    code: `export const get = () => fetch('https://example.com/');`,
    rule: 'architecture/shared-globals',
  },
  {
    name: 'SDL security rules are active',
    filePath: 'src/renderer/src/lib/format.ts',
    code: `export const paint = (el: HTMLElement, html: string) => { el.innerHTML = html; };`,
    rule: '@microsoft/sdl/no-inner-html',
  },
  {
    name: 'React hooks rules are active in the renderer',
    filePath: 'src/renderer/src/lib/use-job.ts',
    code: `import { useState } from 'react';
export function useThing(on: boolean) { if (on) useState(0); }`,
    rule: 'react-hooks/rules-of-hooks',
  },
];

const allowed: Array<{ name: string; filePath: string; code: string }> = [
  {
    name: 'a hardened window',
    filePath: 'src/main/window.ts',
    code: windowWith(
      'contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true',
    ),
  },
  {
    name: 'a preload exposing named functions that call ipcRenderer',
    filePath: 'src/preload/index.ts',
    code: `import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  listProspects: (input: unknown) => ipcRenderer.invoke('prospects:list', input),
  onProgress: (listener: (payload: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on('jobs:progress', wrapped);
    return () => ipcRenderer.removeListener('jobs:progress', wrapped);
  },
});`,
  },
  {
    name: 'ipcMain in register.ts',
    filePath: 'src/main/ipc/register.ts',
    code: `import { ipcMain } from 'electron';
export const register = () => ipcMain.handle('x', () => 1);`,
  },
  {
    name: 'shell.openExternal in open-external.ts',
    filePath: 'src/main/ipc/open-external.ts',
    code: `import { shell } from 'electron';
export const open = (url: string) => shell.openExternal(url);`,
  },
  {
    name: 'the renderer importing React and shared',
    filePath: 'src/renderer/src/features/lists/lists-page.tsx',
    code: `import { useState } from 'react';
import { ok } from '../../../../shared/result';
export function useList() { const [v] = useState(ok(1)); return v; }`,
  },
  {
    name: 'shared importing zod and shared',
    filePath: 'src/shared/import/dedupe.ts',
    code: `import { z } from 'zod';
import { ok } from '../result';
export const parse = (v: unknown) => ok(z.string().parse(v));`,
  },
  {
    name: 'main using Node builtins and the local sandbox URL',
    filePath: 'src/main/api/http/api-root.ts',
    code: `import { join } from 'node:path';
export const root = join('a', 'b') + 'http://127.0.0.1:8080/';`,
  },
];

describe('architecture lint gates', () => {
  it.each(violations)('flags $name ($rule)', async ({ filePath, code, rule }) => {
    expect(await ruleIds(filePath, code)).toContain(rule);
  });

  it.each(allowed)('allows $name', async ({ filePath, code }) => {
    expect(await ruleIds(filePath, code)).toEqual([]);
  });
});

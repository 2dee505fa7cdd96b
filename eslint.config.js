// ESLint flat config: code quality, security (Microsoft SDL), and the rules that
// encode our process architecture (docs/architecture.md, shared/STYLE.md).
// Type-aware rules are off on purpose: the whole repo lints in a few seconds.
// The architecture gates are proven by test/lint/architecture-rules.test.ts.
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import sdl from '@microsoft/eslint-plugin-sdl';
import noInsecureUrl from '@microsoft/eslint-plugin-sdl/lib/rules/no-insecure-url.js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Files that may import 'electron' at all: the thin shell around main's services. */
const ELECTRON_FILES = [
  'src/main/index.ts',
  'src/main/window.ts',
  'src/main/ipc/register.ts',
  'src/main/ipc/open-external.ts',
  'src/main/startup-failure.ts',
  'src/main/store/safe-storage-cipher.ts',
  'src/preload/index.ts',
];
const IPC_MAIN_FILE = 'src/main/ipc/register.ts';
const OPEN_EXTERNAL_FILE = 'src/main/ipc/open-external.ts';
const CODE = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';

// --- webPreferences: Electron's security checklist, checked where the options are written.
// Options count when written in a `webPreferences: {…}` literal or a `const x: WebPreferences = {…}`.
const PREFS = [
  "Property:matches([key.name='webPreferences'], [key.value='webPreferences']) > ObjectExpression",
  "VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name='WebPreferences'] > ObjectExpression",
];
const inPrefs = (property) => `:matches(${PREFS.join(', ')}) > ${property}`;
const key = (name) => `:matches([key.name='${name}'], [key.value='${name}'])`;
const mustBe = (name, value) => ({
  selector: inPrefs(`Property${key(name)}:not([value.value=${value}])`),
  message: `webPreferences.${name} must be the literal ${value} (Electron security checklist).`,
});
const webPreferencesRules = [
  mustBe('nodeIntegration', false),
  mustBe('nodeIntegrationInWorker', false),
  mustBe('nodeIntegrationInSubFrames', false),
  mustBe('contextIsolation', true),
  mustBe('sandbox', true),
  mustBe('webSecurity', true),
  mustBe('allowRunningInsecureContent', false),
  mustBe('experimentalFeatures', false),
  mustBe('webviewTag', false),
  {
    selector: inPrefs(`Property${key('enableBlinkFeatures')}`),
    message:
      'webPreferences.enableBlinkFeatures is banned: it turns on unreviewed Chromium features.',
  },
  {
    selector: inPrefs('SpreadElement'),
    message: 'Write webPreferences out literally (no spread) so the security gates can see them.',
  },
  // The two that cannot mean anything else are banned wherever they are written.
  {
    selector: `Property${key('nodeIntegration')}[value.value=true]:not(${inPrefs('Property')})`,
    message: 'nodeIntegration: true is banned: the renderer never gets Node.',
  },
  {
    selector: `Property${key('contextIsolation')}[value.value=false]:not(${inPrefs('Property')})`,
    message: 'contextIsolation: false is banned: the preload must stay isolated from the page.',
  },
  {
    selector:
      "CallExpression[callee.property.name='appendSwitch'][arguments.0.value=/^(disable-web-security|no-sandbox|ignore-certificate-errors|disable-site-isolation-trials|remote-debugging-port)$/]",
    message: 'This Chromium switch disables a security boundary and is banned in the app.',
  },
];

// --- The bridge exposes named functions only, never ipcRenderer or its methods.
const IPC_RENDERER_METHODS =
  'invoke|send|sendSync|sendTo|sendToHost|postMessage|on|once|addListener|removeListener|removeAllListeners';
const ipcRendererRules = [
  {
    selector:
      "Identifier[name='ipcRenderer']:not(MemberExpression > Identifier.object):not(ImportSpecifier > Identifier)",
    message:
      'ipcRenderer may only be used as ipcRenderer.method(…) inside a named bridge function, never passed around or exposed.',
  },
  {
    selector: `MemberExpression[object.name='ipcRenderer'][property.name=/^(${IPC_RENDERER_METHODS})$/]:not(CallExpression > MemberExpression.callee)`,
    message:
      'Do not expose ipcRenderer methods directly: wrap each channel in a named function (no generic invoke bridge).',
  },
];

const ipcMainRules = [
  {
    selector: "Identifier[name='ipcMain']",
    message: `ipcMain may only be used in ${IPC_MAIN_FILE}, the one place IPC handlers are registered.`,
  },
];

const openExternalRules = [
  {
    selector:
      "MemberExpression[property.name='openExternal']:matches([object.name='shell'], [object.property.name='shell'])",
    message: `shell.openExternal may only be called in ${OPEN_EXTERNAL_FILE}, behind the URL allow-list.`,
  },
  {
    selector:
      "VariableDeclarator:matches([init.name='shell'], [init.property.name='shell']) > ObjectPattern > Property[key.name='openExternal']",
    message: `shell.openExternal may only be called in ${OPEN_EXTERNAL_FILE}, behind the URL allow-list.`,
  },
];

const SHARED_BANNED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'process',
  'require',
  'Buffer',
];

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const noNodeBuiltins = (where) => ({
  paths: NODE_BUILTINS.map((name) => ({ name, message: `${where} must not use Node builtins.` })),
  patterns: [{ regex: '^node:', message: `${where} must not use Node builtins.` }],
});

/**
 * Forbids relative imports that resolve into another process's folder (e.g. the renderer
 * reaching into src/main). Resolving the path catches `../../main/x` from any depth.
 */
const noCrossLayerImport = {
  meta: {
    type: 'problem',
    schema: [
      { type: 'object', properties: { forbidden: { type: 'array', items: { type: 'string' } } } },
    ],
    messages: {
      crossLayer: "'{{source}}' resolves into {{layer}}, which this folder must not import.",
    },
  },
  create(context) {
    const forbidden = context.options[0]?.forbidden ?? [];
    const fileDir = path.dirname(context.filename);
    const check = (node) => {
      const source = node?.type === 'Literal' ? node.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path
        .relative(context.cwd, path.resolve(fileDir, source))
        .split(path.sep)
        .join('/');
      const layer = forbidden.find((dir) => target === dir || target.startsWith(`${dir}/`));
      if (layer) context.report({ node, messageId: 'crossLayer', data: { source, layer } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

// Our gates reuse core rules under their own names so each can target its own files.
const architecture = {
  meta: { name: 'prospect-desk-architecture' },
  rules: {
    'secure-web-preferences': builtinRules.get('no-restricted-syntax'),
    'no-raw-ipc-renderer': builtinRules.get('no-restricted-syntax'),
    'ipc-main-only-in-register': builtinRules.get('no-restricted-syntax'),
    'open-external-only-in-one-place': builtinRules.get('no-restricted-syntax'),
    'electron-import-boundary': builtinRules.get('no-restricted-imports'),
    'renderer-imports': builtinRules.get('no-restricted-imports'),
    'shared-imports': builtinRules.get('no-restricted-imports'),
    'shared-globals': builtinRules.get('no-restricted-globals'),
    'no-cross-layer-import': noCrossLayerImport,
  },
};

// SDL's defaults allow http://localhost only; our local API sandbox listens on 127.0.0.1.
const insecureUrlExceptions = [
  ...noInsecureUrl.defaultExceptions.map((regex) => regex.source),
  '^http:\\/\\/(127\\.0\\.0\\.1|\\[::1\\])(:|\\/|$)',
];

export default defineConfig([
  globalIgnores([
    'out/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'coverage/',
    'dist/',
    '.bench/',
  ]),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: [CODE],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Node everywhere except the two page-side folders (they get browser globals below).
    files: [CODE],
    ignores: ['src/renderer/**', 'src/preload/**'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Microsoft SDL: its common, electron and node configs everywhere, react in the renderer.
  // (Its 1.1.0 "typescript" config is an alias of "react", and the rule it meant,
  // @typescript-eslint/no-implied-eval, needs type information: core no-implied-eval stays on.)
  ...sdl.configs.common,
  ...sdl.configs.electron,
  ...sdl.configs.node,
  {
    files: [CODE],
    rules: { '@microsoft/sdl/no-insecure-url': ['error', { exceptions: insecureUrlExceptions }] },
  },
  {
    // URLs here are data, not connections: tests feed insecure URLs to validators on purpose,
    // and src/shared cannot open connections (no network globals, see shared-globals below).
    files: ['test/**', 'src/shared/**'],
    rules: { '@microsoft/sdl/no-insecure-url': 'off' },
  },
  ...sdl.configs.react.map((config) => ({
    ...config,
    files: ['src/renderer/**/*.{ts,tsx,js,jsx}'],
  })),
  {
    files: ['src/renderer/**/*.{ts,tsx,js,jsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
    settings: { react: { version: '19.0' } },
  },
  {
    files: ['src/preload/**/*.{ts,js,cjs}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Architecture gates.
  {
    files: [CODE],
    plugins: { architecture },
    rules: {
      'architecture/secure-web-preferences': ['error', ...webPreferencesRules],
      'architecture/no-raw-ipc-renderer': ['error', ...ipcRendererRules],
    },
  },
  {
    files: [CODE],
    // The boot test's stand-in for the `electron` module has to define ipcMain itself.
    ignores: [IPC_MAIN_FILE, 'test/built/support/fake-electron.ts'],
    rules: { 'architecture/ipc-main-only-in-register': ['error', ...ipcMainRules] },
  },
  {
    files: [CODE],
    ignores: [OPEN_EXTERNAL_FILE],
    rules: { 'architecture/open-external-only-in-one-place': ['error', ...openExternalRules] },
  },
  {
    files: [CODE],
    ignores: ELECTRON_FILES,
    rules: {
      'architecture/electron-import-boundary': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: `Only these files may import electron: ${ELECTRON_FILES.join(', ')}.`,
            },
          ],
          patterns: [
            { regex: '^electron/', message: 'Only the Electron shell files may import electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'architecture/renderer-imports': ['error', noNodeBuiltins('The renderer')],
      'architecture/no-cross-layer-import': ['error', { forbidden: ['src/main', 'src/preload'] }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'architecture/shared-imports': [
        'error',
        {
          ...noNodeBuiltins('src/shared (pure TS)'),
          patterns: [
            ...noNodeBuiltins('src/shared (pure TS)').patterns,
            { regex: '^react(-dom)?(/|$)', message: 'src/shared is UI-free: no React.' },
          ],
        },
      ],
      'architecture/shared-globals': [
        'error',
        ...SHARED_BANNED_GLOBALS.map((name) => ({
          name,
          message: 'src/shared is pure logic: no network, DOM, storage or process access.',
        })),
      ],
      'architecture/no-cross-layer-import': [
        'error',
        { forbidden: ['src/main', 'src/renderer', 'src/preload'] },
      ],
    },
  },
]);

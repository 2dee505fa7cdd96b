import type { Configuration } from 'electron-builder';

/**
 * The installers: `npm run dist` builds the current OS's (Linux AppImage +
 * deb, Windows NSIS, macOS dmg) into dist/; `npm run dist:dir` only the
 * unpacked app. Why each choice: docs/decisions/008-shipping-the-desktop-app.md.
 * test/built/package.test.ts validates it and packs it here.
 */

/**
 * Signing reads its credentials from the environment only (never from this
 * file): CSC_LINK + CSC_KEY_PASSWORD (a .p12/.pfx, macOS and Windows; or
 * WIN_CSC_LINK/WIN_CSC_KEY_PASSWORD for Windows alone), and for macOS
 * notarisation APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID (or an
 * App Store Connect API key: APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER).
 */
export function signingNotices(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const notices: string[] = [];
  const has = (...names: string[]) => names.every((name) => Boolean(env[name]));
  if (platform === 'darwin' || platform === 'win32') {
    const windowsOwn = platform === 'win32' && has('WIN_CSC_LINK');
    if (!has('CSC_LINK') && !windowsOwn) {
      notices.push(
        'code signing skipped: CSC_LINK (and CSC_KEY_PASSWORD) are not set, so the installer is unsigned ' +
          '(Windows SmartScreen and macOS Gatekeeper will warn).',
      );
    }
  }
  if (platform === 'darwin' && !notarisationCredentials(env)) {
    notices.push(
      'notarisation skipped: set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID ' +
        '(or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER).',
    );
  }
  return notices;
}

function notarisationCredentials(env: NodeJS.ProcessEnv): boolean {
  const has = (...names: string[]) => names.every((name) => Boolean(env[name]));
  return (
    has('APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
    has('APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
    has('APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE')
  );
}

/**
 * `PROSPECT_DESK_TEST_BUILD=1` makes the build the real-Electron suite drives
 * (test/electron/): the only difference is the CLI-inspect fuse, which
 * Playwright's `_electron.launch` needs (it starts Electron with --inspect=0).
 */
export const builderConfig = (env: NodeJS.ProcessEnv): Configuration => ({
  appId: 'com.prospectdesk.desktop',
  productName: 'Prospect Desk',
  copyright: 'Copyright © 2026 Prospect Desk',
  directories: { output: 'dist', buildResources: 'resources' },
  // The packaged app runs only the bundles: main (with the CLI), preload and
  // renderer. Every dependency is bundled into them, so no node_modules ship.
  files: ['out/**', '!**/*.map', 'package.json'],
  asar: true,
  npmRebuild: false,
  nodeGypRebuild: false,
  publish: null,
  // Release builds: the binary runs only our signed asar, as Electron's
  // security checklist asks (../shared/notes/electron-facts.md).
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: env.PROSPECT_DESK_TEST_BUILD === '1',
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  },
  // Opening a CSV or TSV with Prospect Desk starts its import (launch-args.ts).
  fileAssociations: [
    {
      ext: 'csv',
      name: 'CSV spreadsheet',
      description: 'Comma-separated values',
      mimeType: 'text/csv',
      role: 'Editor',
      rank: 'Alternate',
    },
    {
      ext: 'tsv',
      name: 'TSV spreadsheet',
      description: 'Tab-separated values',
      mimeType: 'text/tab-separated-values',
      role: 'Editor',
      rank: 'Alternate',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'prospect-desk',
    icon: 'resources/icons',
    category: 'Office',
    synopsis: 'Prospect spreadsheets, offline, pushed safely to your cold-email tool',
    description:
      'Import prospect spreadsheets (CSV, TSV) from Excel, Google Sheets and CRMs, clean them ' +
      'offline, and update or delete prospects in Woodpecker safely: previews, verified ' +
      'backups, resumable runs.',
    desktop: {
      entry: {
        Name: 'Prospect Desk',
        GenericName: 'Prospect list manager',
        Comment: 'Import prospect spreadsheets and push them safely to your cold-email tool',
        Keywords: 'prospects;leads;csv;spreadsheet;woodpecker;cold email;',
        StartupWMClass: 'Prospect Desk',
      },
    },
  },
  // The deb's post-install links /usr/bin/prospect-desk, so the command-line
  // tool is on the PATH: `prospect-desk --cli check file.csv`.
  deb: { priority: 'optional' },
  appImage: { artifactName: 'Prospect-Desk-${version}-${arch}.${ext}' },
  win: { target: ['nsis'], icon: 'resources/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: 'Prospect-Desk-Setup-${version}-${arch}.${ext}',
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.business',
    hardenedRuntime: true,
    notarize: notarisationCredentials(env),
  },
  dmg: { artifactName: 'Prospect-Desk-${version}-${arch}.${ext}' },
});

for (const notice of signingNotices(process.env, process.platform)) {
  console.log(`prospect-desk: ${notice}`);
}

export default builderConfig(process.env);

// npm install's last step: fetch Electron's binary so that `npm start` works
// right away (Electron 45 no longer downloads it during install). Never fails
// the install: a machine without access to Electron's downloads (offline CI,
// ELECTRON_SKIP_BINARY_DOWNLOAD=1) still installs and runs `npm test`, which
// never needs the binary; `npm start` explains what to do there.
import {
  binaryDownloadSkipped,
  downloadElectronBinary,
  installedElectronBinary,
} from './electron-binary.mjs';

const say = (line) => console.log(`prospect-desk: ${line}`);

if (installedElectronBinary()) {
  // Already there (npm install run again): nothing to do.
} else if (binaryDownloadSkipped()) {
  say(
    "Electron's binary not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set); npm test does not need it.",
  );
} else {
  const result = await downloadElectronBinary();
  if (result.ok) say("Electron's binary is installed.");
  else {
    say(
      `could not download Electron's binary (${result.reason}); npm test does not need it, ` +
        'npm start will try again.',
    );
  }
}

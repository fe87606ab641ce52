#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled with the rest of the app by `electron-vite build`.
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'out', 'main', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`wakeword: the app is not built yet; run "npm run build" in ${root}\n`);
  process.exit(1);
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });

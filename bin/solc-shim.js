#!/usr/bin/env node
// A native-solc-compatible front for solc-js (the npm `solc` package), so that py-solc-x, Brownie and Forge can
// drive it offline. The version comes from the file name this is invoked as (`solc-v0.8.11` -> npm alias
// `solc-0.8.11`), else from COURTCHAIN_SOLC_VERSION, else the primary `solc` package.
// Supports exactly what those tools use: `--version` and `--standard-json` (input on stdin).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const nodeModules = path.join(root, 'node_modules');

function loadCompiler() {
  const m = /solc-v?(\d+\.\d+\.\d+)$/.exec(path.basename(process.argv[1]));
  const wanted = (m && m[1]) || process.env.COURTCHAIN_SOLC_VERSION || '';
  const candidates = wanted ? [`solc-${wanted}`, 'solc'] : ['solc'];
  for (const name of candidates) {
    let solc;
    try {
      solc = require(path.join(nodeModules, name));
    } catch (e) {
      continue;
    }
    if (!wanted || solc.version().startsWith(wanted + '+')) return solc;
  }
  process.stderr.write(`solc ${wanted}: not installed under ${nodeModules} (run npm ci)\n`);
  process.exit(1);
}

// Import callback: node_modules first (remapped @openzeppelin/...), then the base path / include paths.
function makeResolver(basePaths) {
  return function findImports(importPath) {
    const tries = [];
    for (const b of basePaths) tries.push(path.resolve(b, importPath));
    tries.push(path.join(nodeModules, importPath));
    for (const p of tries) {
      try {
        return { contents: fs.readFileSync(p, 'utf8') };
      } catch (e) { /* next */ }
    }
    return { error: `File not found: ${importPath}` };
  };
}

function main() {
  const args = process.argv.slice(2);
  const solc = loadCompiler();
  if (args.includes('--version')) {
    process.stdout.write('solc, the solidity compiler commandline interface\nVersion: ' + solc.version() + '\n');
    return;
  }
  if (!args.includes('--standard-json')) {
    process.stderr.write('this solc front serves only --version and --standard-json\n');
    process.exit(2);
  }
  const basePaths = [process.cwd()];
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '--base-path' || args[i] === '--include-path') && args[i + 1]) basePaths.push(args[++i]);
    else if (args[i] === '--allow-paths' && args[i + 1]) basePaths.push(...args[++i].split(','));
  }
  const input = fs.readFileSync(0, 'utf8');
  process.stdout.write(solc.compile(input, { import: makeResolver(basePaths) }));
}

main();

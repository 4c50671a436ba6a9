#!/usr/bin/env node
// A native-solc-compatible front for solc-js (the npm `solc` package), so that py-solc-x, Brownie and Forge can
// drive it offline. The version comes from the file name this is invoked as (`solc-v0.8.11` -> npm alias
// `solc-0.8.11`), else from COURTCHAIN_SOLC_VERSION, else the primary `solc` package.
// Supports exactly what those tools use: `--version` and `--standard-json` (input on stdin). A compilation's output
// is kept (solc-cache.js): the same sources and settings compiled again, by this tool or another, are not recompiled.
'use strict';
const fs = require('fs');
const path = require('path');
const { Cache, sha256 } = require('./solc-cache');

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

// Import callback: the base path / include paths, then node_modules (@openzeppelin/...). `reads` records each file
// read and its content's digest (what a kept output depends on besides its input).
function makeResolver(basePaths, reads) {
  return function findImports(importPath) {
    const tries = [];
    for (const b of basePaths) tries.push(path.resolve(b, importPath));
    tries.push(path.join(nodeModules, importPath));
    for (const p of tries) {
      try {
        const contents = fs.readFileSync(p, 'utf8');
        reads[p] = sha256(contents);
        return { contents };
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
  basePaths.push(root); // last: a remapped path (node_modules/@openzeppelin/...) from any working folder
  const text = fs.readFileSync(0, 'utf8');
  let input;
  try {
    input = JSON.parse(text);
  } catch (e) {
    process.stdout.write(solc.compile(text)); // solc's own answer to input that is not JSON
    return;
  }
  const cache = new Cache(root);
  const key = cache.key(solc.version(), input);
  const wanted = (input.settings || {}).outputSelection;
  const { output, selection } = cache.lookup(key, wanted);
  if (output !== null) {
    process.stdout.write(output);
    return;
  }
  if (selection !== wanted) (input.settings = input.settings || {}).outputSelection = selection;
  const reads = {};
  const compiled = solc.compile(JSON.stringify(input), { import: makeResolver(basePaths, reads) });
  cache.store(key, selection, reads, compiled);
  process.stdout.write(compiled);
}

main();

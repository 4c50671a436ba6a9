// The compile cache of the solc front (solc-shim.js): an output of solc is kept, keyed by the compiler version and the
// whole standard-JSON input except its output selection, so that another tool compiling the same sources with the
// same settings (Brownie after `courtchain build`) gets it instead of compiling them again.
//
// - A kept output serves a request whose output selection it covers ("evm.bytecode" covers "evm.bytecode.object"),
//   and only while every file the compilation read through the import callback (OpenZeppelin's, say) still has the
//   content it had then. A request it does not cover is compiled with the union of both selections, which is kept.
// - Only an output without errors is kept. The newest KEEP entries stay (build/solc-cache/ by default: ignored by
//   git, removed by `make clean`). COURTCHAIN_SOLC_CACHE=DIR keeps them elsewhere, =off keeps nothing;
//   COURTCHAIN_SOLC_CACHE_LOG=1 says on stderr whether a compilation was served from the cache.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const KEEP = 8;

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

// JSON with sorted keys: the order of a tool's sources or settings does not change what solc compiles.
function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

function covers(have, want) {
  for (const [file, contracts] of Object.entries(want || {})) {
    for (const [contract, outputs] of Object.entries(contracts || {})) {
      const got = ((have || {})[file] || {})[contract] || [];
      for (const o of outputs) {
        if (!got.some((g) => g === '*' || g === o || o.startsWith(g + '.'))) return false;
      }
    }
  }
  return true;
}

function union(a, b) {
  const out = JSON.parse(JSON.stringify(a || {}));
  for (const [file, contracts] of Object.entries(b || {})) {
    out[file] = out[file] || {};
    for (const [contract, outputs] of Object.entries(contracts || {})) {
      out[file][contract] = [...new Set([...(out[file][contract] || []), ...outputs])];
    }
  }
  return out;
}

class Cache {
  constructor(root) {
    const setting = process.env.COURTCHAIN_SOLC_CACHE || '';
    this.dir = setting === 'off' ? null : setting || path.join(root, 'build', 'solc-cache');
    this.log = process.env.COURTCHAIN_SOLC_CACHE_LOG === '1';
  }

  key(version, input) {
    const rest = JSON.parse(JSON.stringify(input));
    if (rest.settings) delete rest.settings.outputSelection;
    return sha256(version + '\n' + canonical(rest));
  }

  say(text) {
    if (this.log) process.stderr.write(`solc cache: ${text}\n`);
  }

  // The kept output for this input, or null; `selection` is what a new compilation must select (a union).
  lookup(key, wanted) {
    if (!this.dir) return { output: null, selection: wanted };
    let entry;
    try {
      entry = JSON.parse(fs.readFileSync(path.join(this.dir, key + '.json'), 'utf8'));
    } catch (e) {
      this.say(`miss ${key.slice(0, 12)} (no entry)`);
      return { output: null, selection: wanted };
    }
    const changed = Object.entries(entry.reads || {}).find(([file, digest]) => {
      try {
        return sha256(fs.readFileSync(file, 'utf8')) !== digest;
      } catch (e) {
        return true;
      }
    });
    if (changed) {
      this.say(`miss ${key.slice(0, 12)} (${changed[0]} changed)`);
      return { output: null, selection: wanted };
    }
    if (!covers(entry.selection, wanted)) {
      this.say(`miss ${key.slice(0, 12)} (outputs not in its entry)`);
      return { output: null, selection: union(entry.selection, wanted) };
    }
    try {
      const output = fs.readFileSync(path.join(this.dir, key + '.out.json'), 'utf8');
      const now = new Date();
      fs.utimesSync(path.join(this.dir, key + '.json'), now, now); // the newest are kept
      this.say(`hit ${key.slice(0, 12)}`);
      return { output, selection: wanted };
    } catch (e) {
      return { output: null, selection: wanted };
    }
  }

  store(key, selection, reads, output) {
    if (!this.dir) return;
    const parsed = JSON.parse(output);
    if ((parsed.errors || []).some((e) => e.severity === 'error')) return;
    fs.mkdirSync(this.dir, { recursive: true });
    // the output first, the entry naming it last, each by a rename: a reader never sees half of either
    const write = (name, text) => {
      const tmp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, path.join(this.dir, name));
    };
    write(key + '.out.json', output);
    write(key + '.json', JSON.stringify({ selection, reads }));
    const entries = fs.readdirSync(this.dir)
      .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
      .map((f) => ({ f, t: fs.statSync(path.join(this.dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(KEEP)) {
      for (const name of [f, f.replace(/\.json$/, '.out.json')]) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    this.say(`stored ${key.slice(0, 12)}`);
  }
}

module.exports = { Cache, canonical, covers, sha256, union };

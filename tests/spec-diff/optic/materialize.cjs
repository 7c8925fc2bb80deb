// Writes the NEW spec of each spec-diff case as JSON, exactly as tests/spec_diff.rs builds it:
// the case's new.yaml if it has one, else its patch.json (an RFC 7396 JSON merge patch) applied
// to its base.yaml or the shared ../base.yaml.
//
// usage: node materialize.cjs CASES_DIR SHARED_BASE OUT_DIR
// prints one line per case: NAME<TAB>BASE<TAB>NEW
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

const [casesDir, sharedBase, outDir] = process.argv.slice(2);
if (!casesDir || !sharedBase || !outDir) {
  console.error('usage: node materialize.cjs CASES_DIR SHARED_BASE OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
for (const name of fs.readdirSync(casesDir).sort()) {
  const dir = path.join(casesDir, name);
  if (!fs.statSync(dir).isDirectory()) continue;
  const ownBase = path.join(dir, 'base.yaml');
  const base = fs.existsSync(ownBase) ? ownBase : sharedBase;
  let next = path.join(dir, 'new.yaml');
  if (!fs.existsSync(next)) {
    const document = YAML.parse(fs.readFileSync(base, 'utf8'));
    const patch = JSON.parse(fs.readFileSync(path.join(dir, 'patch.json'), 'utf8'));
    next = path.join(outDir, `${name}.json`);
    fs.writeFileSync(next, JSON.stringify(mergePatch(document, patch), null, 2) + '\n');
  }
  console.log(`${name}\t${base}\t${next}`);
}

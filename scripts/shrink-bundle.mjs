// Trunk post_build hook (Trunk.toml) for release builds: two size steps Trunk cannot do, then the
// `integrity` hashes in index.html follow the changed files.
//
// 1. Minify the wasm-bindgen JavaScript glue with terser. Trunk 0.21 has a JS minifier, but it
//    cannot parse the glue's `export { ..., __wbg_init as default }`, warns "Failed to minify JS"
//    and copies the file unchanged.
// 2. Shorten the names of the module's imports. wasm-bindgen names every imported JS function
//    `__wbg_<name>_<16 hex digits>`, about 150 of them, and writes each name twice: in the
//    module's import section and as a key of the glue's import object. Both sides are renamed
//    to the same short names (`a`, `b`, ... `Z`, `aa`, ...). The step checks that every import
//    of the module is a function whose name occurs exactly once in the glue; if not (another
//    wasm-bindgen layout), it renames nothing and says so.
//
// Trunk runs hooks with TRUNK_PROFILE and TRUNK_STAGING_DIR (the build before it becomes dist/).
// terser comes from npm, installed by scripts/setup.sh into .tools/ next to wasm-opt.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const log = (text) => console.log(`[shrink-bundle] ${text}`);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== "release" || !staging) {
  process.exit(0);
}

let minify;
try {
  ({ minify } = createRequire(join(root, ".tools", "package.json"))("terser"));
} catch {
  console.error("[shrink-bundle] terser is missing from .tools/: run scripts/setup.sh");
  process.exit(1);
}

const files = readdirSync(staging);
const only = (suffix) => {
  const found = files.filter((f) => f.endsWith(suffix));
  if (found.length !== 1) {
    throw new Error(`expected one *${suffix} in ${staging}, found ${found.length}`);
  }
  return join(staging, found[0]);
};
const jsPath = only(".js");
const wasmPath = only("_bg.wasm");
const htmlPath = join(staging, "index.html");
const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");

const jsBefore = readFileSync(jsPath);
const wasmBefore = readFileSync(wasmPath);

const minified = await minify(jsBefore.toString("utf8"), { module: true, compress: true, mangle: true });
if (typeof minified.code !== "string") {
  throw new Error("terser returned no code");
}
let js = minified.code;
let wasm = wasmBefore;

const imports = readImports(wasmBefore);
const problem = checkImports(imports, js);
if (problem) {
  log(`import names left as they are: ${problem}`);
} else {
  const names = new Map();
  const modules = new Map();
  for (const imp of imports) {
    if (!names.has(imp.field)) names.set(imp.field, shortName(names.size));
    if (!modules.has(imp.module)) modules.set(imp.module, shortName(modules.size));
  }
  for (const [old, short] of names) js = js.replace(old, short);
  for (const [old, short] of modules) js = js.replace(JSON.stringify(old), JSON.stringify(short));
  wasm = writeImports(wasmBefore, imports, names, modules);
  log(`${names.size} imports renamed`);
}

const jsAfter = Buffer.from(js, "utf8");
writeFileSync(jsPath, jsAfter);
writeFileSync(wasmPath, wasm);
let html = readFileSync(htmlPath, "utf8");
for (const [before, after] of [[jsBefore, jsAfter], [wasmBefore, wasm]]) {
  html = html.split(sri(before)).join(sri(after));
}
writeFileSync(htmlPath, html);
log(`glue ${jsBefore.length} -> ${jsAfter.length} bytes, module ${wasmBefore.length} -> ${wasm.length} bytes`);

/** `a`..`z`, `A`..`Z`, then two letters and more: valid JS identifiers, never keywords. */
function shortName(n) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return ["do", "if", "in"].includes(name) ? `${name}_` : name;
}

/** Why the imports cannot be renamed safely, or null. */
function checkImports(imports, glue) {
  if (imports.length === 0) return "the module imports nothing";
  for (const imp of imports) {
    if (imp.kind !== 0) return `${imp.module}.${imp.field} is not a function`;
    if (glue.split(imp.field).length !== 2) return `${imp.field} does not occur exactly once in the glue`;
  }
  for (const module of new Set(imports.map((i) => i.module))) {
    if (glue.split(JSON.stringify(module)).length !== 2) return `module ${module} does not occur exactly once`;
  }
  return null;
}

// ---- the WebAssembly binary: sections, and the import section (id 2) ----

function readU32(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function sections(bytes) {
  const list = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readU32(bytes, at + 1);
    list.push({ id, start: at, body, end: body + size });
    at = body + size;
  }
  return list;
}

/** Every import: module, field, kind and the bytes of its description. */
function readImports(bytes) {
  const section = sections(bytes).find((s) => s.id === 2);
  if (!section) return [];
  const text = (at) => {
    const [length, start] = readU32(bytes, at);
    return [bytes.subarray(start, start + length).toString("utf8"), start + length];
  };
  const limits = (at) => {
    const flags = bytes[at];
    let [, next] = readU32(bytes, at + 1);
    if (flags & 1) [, next] = readU32(bytes, next);
    return next;
  };
  let [count, at] = readU32(bytes, section.body);
  const list = [];
  while (count-- > 0) {
    const [module, afterModule] = text(at);
    const [field, afterField] = text(afterModule);
    const kind = bytes[afterField];
    let end;
    if (kind === 0) [, end] = readU32(bytes, afterField + 1); // function: type index
    else if (kind === 1) end = limits(afterField + 2); // table: element type, limits
    else if (kind === 2) end = limits(afterField + 1); // memory: limits
    else if (kind === 3) end = afterField + 3; // global: value type, mutability
    else throw new Error(`unknown import kind ${kind}`);
    list.push({ module, field, kind, desc: bytes.subarray(afterField, end) });
    at = end;
  }
  if (at !== section.end) throw new Error("the import section did not parse to its end");
  return list;
}

function writeImports(bytes, imports, names, modules) {
  const section = sections(bytes).find((s) => s.id === 2);
  const text = (s) => {
    const b = Buffer.from(s, "utf8");
    return Buffer.concat([u32(b.length), b]);
  };
  const body = Buffer.concat([
    u32(imports.length),
    ...imports.map((imp) => Buffer.concat([text(modules.get(imp.module)), text(names.get(imp.field)), imp.desc])),
  ]);
  return Buffer.concat([
    bytes.subarray(0, section.start),
    Buffer.from([2]),
    u32(body.length),
    body,
    bytes.subarray(section.end),
  ]);
}

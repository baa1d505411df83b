#!/usr/bin/env bash
# Where the web bundle's bytes are, by part of the product (BENCHMARKS.md, "What the bundle is
# made of"). Run after scripts/build-web.sh; needs twiggy (`cargo install twiggy --locked`).
#
#   scripts/bundle-parts.sh [path/to/netplay-web.wasm]
#
# The module cargo built (names kept) goes through wasm-bindgen and wasm-opt -Oz as Trunk runs
# them, but with -g so the names survive; twiggy lists every function's size and each is counted
# for the part its demangled name belongs to.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
wasm=${1:-target/wasm32-unknown-unknown/web/netplay-web.wasm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --out-dir "$work" --keep-debug "$wasm"
wasm-opt -Oz -g --low-memory-unused "$work/netplay-web_bg.wasm" -o "$work/opt.wasm"
twiggy top -n 200000 --format csv "$work/opt.wasm" > "$work/top.csv"
python3 - "$work/top.csv" <<'PY'
import csv,re,collections,sys
rows=list(csv.DictReader(open(sys.argv[1])))
parts=[
 ('HCL2 parse: hcl-edit + winnow', [r'^<?hcl_edit\[', r'winnow\[', r'hcl_primitives', r'<hcl_edit\[']),
 ('HCL2 eval: hcl-rs (hcl::eval, values, format)', [r'^<?hcl\[', r'<hcl\[', r'indexmap', r'vecmap']),
 ('function library: netplay_core::hcl2::functions', [r'netplay_core\[\w+\]::hcl2::functions']),
 ('function library crates (YAML, regex-lite, csv, sha*, md5, uuid, time, bcrypt, serde_json, base64, unicode-segmentation)', [r'serde_norway', r'unsafe_libyaml', r'regex_lite', r'\bcsv', r'sha1', r'sha2', r'md5', r'uuid', r'time\[', r'bcrypt', r'blowfish', r'serde_json', r'base64', r'unicode_segmentation', r'zmij', r'ryu', r'digest', r'block_buffer']),
 ('HCL2 variables, types, conversions: netplay_core::hcl2 (rest)', [r'netplay_core\[\w+\]::hcl2']),
 ('cluster import: netplay_core::cluster + jiter', [r'netplay_core\[\w+\]::cluster', r'jiter']),
 ('Connect, services, runtime values', [r'netplay_core\[\w+\]::(connect|services|runtime)', r'netplay_core\[\w+\]::jobspec::service']),
 ('HCL1 reader and lexer: netplay_core::syntax', [r'netplay_core\[\w+\]::syntax']),
 ('engine (decode, schedule, allocate, env, render, analyze)', [r'netplay_core\[']),
 ('web app: netplay_web + yew + wasm-bindgen/web-sys/js-sys', [r'netplay_web', r'yew\[', r'web_sys', r'js_sys', r'wasm_bindgen', r'gloo', r'implicit_clone', r'__wbg', r'__wbindgen', r'talc']),
 ('share links: miniz_oxide', [r'miniz_oxide', r'adler', r'simd_adler']),
 ('Unicode case mapping: icu_casemap', [r'icu_', r'zerovec', r'zerotrie', r'potential_utf', r'tinystr']),
]
agg=collections.Counter(); data=0; other=collections.Counter()
for r in rows:
    n=r['Name']; s=int(r['ShallowSize'])
    if 'subsection' in n: continue
    if n.startswith('data segment'): data+=s; continue
    for name,pats in parts:
        if any(re.search(p,n) for p in pats): agg[name]+=s; break
    else:
        other[n]+=s
tot=sum(agg.values())+data+sum(other.values())
for name,_ in parts: print(f"{agg[name]:>8}  {name}")
print(f"{sum(other.values()):>8}  std (alloc, fmt, collections, sort, str, float, unicode), closures and shims")
print(f"{data:>8}  read-only data (strings, examples, Unicode and float tables)")
print(f"{tot:>8}  total")
PY

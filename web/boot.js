// Starts the playground. The page's Content-Security-Policy runs no inline script, so this file
// does what Trunk's inline loader and the theme snippet did: Trunk writes the tag that loads it
// (Trunk.toml `pattern_script`), with the names of the wasm-bindgen glue and the wasm module,
// which carry content hashes, in data attributes.
(function () {
  // The theme before the first paint (this script blocks the parser in <head>).
  var theme = null;
  try {
    theme = localStorage.getItem("netplay.theme");
  } catch (e) {}
  if (theme !== "light" && theme !== "dark") {
    theme = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.documentElement.setAttribute("data-theme", theme);

  var me = document.currentScript;
  var js = me && me.dataset.js;
  var wasm = me && me.dataset.wasm;
  if (!js || !wasm) return;
  import(js)
    .then(function (glue) {
      return glue.default({ module_or_path: wasm });
    })
    .then(function (instance) {
      dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
    });
})();

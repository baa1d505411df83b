// Starts the playground. The page's Content-Security-Policy runs no inline script, so this file
// does what Trunk's inline loader, the theme snippet and the trap handler did: Trunk writes the
// tag that loads it (Trunk.toml `pattern_script`), with the names of the wasm-bindgen glue and
// the wasm module, which carry content hashes, in data attributes.
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

  // A WebAssembly trap stops the engine for good. A Rust panic is one too, but its hook
  // (web/src/crash.rs) has already saved the text and put its message (`.crash`) on the page,
  // so this handler stays quiet then. Other traps (a stack overflow, memory running out) reach
  // no Rust code first: this plain script keeps the user's text by showing both editors' text,
  // ready to copy, with a way to reload.
  var shown = false;
  function rescue(error) {
    if (shown || !(error instanceof WebAssembly.RuntimeError) || document.querySelector(".crash")) return;
    shown = true;
    var texts = {};
    ["jobspec", "nodes"].forEach(function (id) {
      var area = document.getElementById(id + "-input");
      texts[id] = area ? area.value : "";
    });
    var compact = /(^|[?&])view=compact(&|$)/.test(location.search);
    var box = document.createElement("div");
    box.className = "trap";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("data-testid", "trap");
    var title = document.createElement("h2");
    title.textContent = "netplay stopped on an internal error";
    var text = document.createElement("p");
    text.textContent =
      "This is a bug in netplay, not in your jobspec. Your text is below: copy it, then reload" +
      (compact
        ? " (the page's address holds your last edits)."
        : " (the autosave brings back what was saved before the error, up to 0.4 s earlier).");
    var kept = document.createElement("textarea");
    kept.readOnly = true;
    kept.value = "# jobspec\n" + texts.jobspec + "\n\n# node inventory\n" + texts.nodes;
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", function () {
      location.reload();
    });
    box.append(title, text, kept, reload);
    document.body.append(box);
  }
  addEventListener("error", function (e) {
    rescue(e.error);
  });
  addEventListener("unhandledrejection", function (e) {
    rescue(e.reason);
  });

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

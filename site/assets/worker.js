// The playground's background analysis (web/src/worker.rs), written by the docs build next to
// the JS API. The page first hands over the WebAssembly module it runs itself, so nothing is
// downloaded or compiled again; then each request carries the settings and the texts that
// changed since the one before (the others are kept here), each as its UTF-8 bytes in a
// Uint8Array. The answer is the analysis as JSON text, or the error that stopped it.
import start, { backgroundAnalyze } from "../__GLUE__";

let started = null;
const held = { jobspec: new Uint8Array(), nodes: new Uint8Array(), interfaces: null, allocations: [] };

self.onmessage = async (event) => {
  const data = event.data;
  if (data.module) {
    started = start({ module_or_path: data.module });
    return;
  }
  try {
    await started;
    for (const key of Object.keys(held)) {
      if (key in data) held[key] = data[key];
    }
    const json = backgroundAnalyze(
      held.jobspec, held.nodes, data.nomad, data.seed, data.values, data.guess, held.interfaces, held.allocations,
    );
    self.postMessage({ json });
  } catch (error) {
    self.postMessage({ error: String((error && error.message) || error) });
  }
};

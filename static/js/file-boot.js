// The page opened from disk (file://): the runtime and the app from the classic scripts that
// tools/filepack.py wrote, since a file:// page may run classic scripts next to it but may not
// load modules or fetch files. index.html runs this on file:// only, right after those scripts,
// with the nonce of the policy it wrote.
//
// Every packed file becomes a Blob. Modules get the page's folder where the pack marked it (their
// own URL and their relative imports), and an import map sends each module's file:// URL to its
// blob: URL, so the page's modules, their imports and Pyodide's computed ones work unchanged.
// `fetch` of a packed file's file:// URL is answered from its Blob, without a request. Then it
// imports the two modules the served page loads from its head, once the page is parsed, as
// module scripts would run.
// `window.fluxFiles` tells Python which files are packed, and starts workers (see `worker`).
// Without the packs (set-up not run) or an import map, it only says why in `fluxFiles.failed`:
// the page's end-of-body script shows the "has to be served" notice then.
(() => {
  const ROOT_MARK = "@@flux-root@@/"; // tools/filepack.py's ROOT_MARK
  const files = self.FLUX_FILES;
  delete self.FLUX_FILES;
  if (!files || !files["static/vendor/pyscript/core.js"]) {
    self.fluxFiles = { failed: "packs" };
    return;
  }
  if (!HTMLScriptElement.supports?.("importmap")) {
    self.fluxFiles = { failed: "browser" };
    return;
  }
  const root = new URL(".", location.href).href;
  const TYPES = {
    js: "text/javascript", mjs: "text/javascript", json: "application/json",
    toml: "text/plain", wasm: "application/wasm", zip: "application/zip",
  };
  const decode = (text) => Uint8Array.fromBase64
    ? Uint8Array.fromBase64(text)
    : Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

  const blobs = new Map(); // file:// URL -> Blob
  const modules = {}; // file:// URL -> blob: URL, for the import map
  for (const [path, { text, base64 }] of Object.entries(files)) {
    const url = root + path;
    const extension = path.slice(path.lastIndexOf(".") + 1);
    const body = text === undefined ? decode(base64) : text.replaceAll(ROOT_MARK, root);
    const blob = new Blob([body], { type: TYPES[extension] || "application/octet-stream" });
    blobs.set(url, blob);
    if (extension === "js" || extension === "mjs") modules[url] = URL.createObjectURL(blob);
  }
  const map = document.createElement("script");
  map.type = "importmap";
  map.nonce = document.currentScript.nonce;
  map.textContent = JSON.stringify({ imports: modules });
  document.currentScript.after(map);

  // The packed file `input` names, if any (the URL resolved against the page, without its hash).
  const packed = (input) => {
    try {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      url.hash = "";
      return blobs.get(url.href);
    } catch {
      return undefined;
    }
  };
  const fetchFromDisk = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const blob = packed(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (!blob || method !== "GET") return fetchFromDisk.apply(this, arguments);
    return Promise.resolve(new Response(blob, { headers: { "Content-Type": blob.type } }));
  };

  // A worker on the packed files. A file:// page can start only a `data:` module worker (blob:
  // and file:// module workers fail; Pyodide needs a module worker); it has an origin of its own,
  // so it cannot read the page's blob: URLs. It is posted the Blobs and makes its own blob: URLs,
  // and as workers have no import maps, it writes each module's imports as those URLs (the
  // imported ones first) and sends `import()` of computed URLs through `__fluxImport`. If that
  // fails, the error is thrown where the page's Worker hears it (its "error" event).
  const WORKER = `
self.onmessage = async (event) => {
  try {
    await start(event.data);
  } catch (error) {
    setTimeout(() => { throw error; });
  }
};
async function start({ files, entry }) {
  const held = [];
  self.onmessage = (event) => held.push(event);
  const urls = new Map();
  const modules = new Map();
  for (const [url, blob] of files) {
    if (blob.type === "text/javascript") {
      modules.set(url, (await blob.text()).replace(/\\bimport\\(/g, "__fluxImport("));
    } else {
      urls.set(url, blob);
    }
  }
  const blobUrls = new Map();
  while (modules.size) {
    const before = modules.size;
    for (const [url, text] of modules) {
      const waiting = [...modules.keys()].some((other) => other !== url && text.includes(JSON.stringify(other)));
      if (waiting) continue;
      let linked = text;
      for (const [from, to] of blobUrls) linked = linked.split(JSON.stringify(from)).join(JSON.stringify(to));
      blobUrls.set(url, URL.createObjectURL(new Blob([linked], { type: "text/javascript" })));
      modules.delete(url);
    }
    if (modules.size === before) throw new Error("the packed modules import each other in a cycle");
  }
  self.__fluxImport = (specifier) => import(blobUrls.get(String(specifier)) ?? specifier);
  const fetchFromDisk = self.fetch;
  self.fetch = function (input, init) {
    const blob = urls.get(String(input instanceof Request ? input.url : input).split("#")[0]);
    if (!blob || (init?.method ?? "GET").toUpperCase() !== "GET") return fetchFromDisk.apply(this, arguments);
    return Promise.resolve(new Response(blob, { headers: { "Content-Type": blob.type } }));
  };
  await import(blobUrls.get(entry));
  for (const event of held) self.onmessage(event);
}`;
  const WORKER_FILES = [
    "static/vendor/pyodide/pyodide.mjs", "static/vendor/pyodide/pyodide.asm.mjs",
    "static/vendor/pyodide/pyodide.asm.wasm", "static/vendor/pyodide/pyodide-lock.json",
    "static/build/python_stdlib.zip", "static/build/chat.zip", "static/js/interpreter.mjs",
  ];

  const start = () => {
    import(`${root}static/vendor/pyscript/core.js`);
    import(`${root}static/js/interpreter.mjs`);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }

  self.fluxFiles = {
    // Whether `url` (resolved against the page) is a packed file, which `fetch` answers.
    has: (url) => packed(url) !== undefined,
    // A module worker running the packed module at `path` (relative to the page), with the
    // runtime's files.
    worker(path) {
      const entry = root + path;
      const worker = new Worker(`data:text/javascript,${encodeURIComponent(WORKER)}`, {
        type: "module",
      });
      const urls = [...WORKER_FILES.map((name) => root + name), entry];
      worker.postMessage({ files: urls.map((url) => [url, blobs.get(url)]), entry });
      return worker;
    },
  };
})();

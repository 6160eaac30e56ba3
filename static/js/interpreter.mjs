// The interpreter PyScript loads (pyscript.toml's `interpreter`): Pyodide, started with the
// standard library that `make setup` compiled to bytecode (tools/compile.py), so start-up
// does not compile ~150 modules from source on every visit. PyScript calls `loadPyodide` with
// an `indexURL` next to this file; the runtime itself lives in static/vendor/pyodide/.
//
// A repeat visit restores a memory snapshot instead: an interpreter that has already imported
// the app's modules, made by snapshot-worker.mjs once the app is ready and idle, and kept in
// Cache Storage under this build's id (FLUX_START.build, tools/prerender.py). Anything wrong
// with it (another build, a corrupt or missing entry, the experimental API gone) means a
// normal boot, and the entry is deleted; the person is told nothing. `<html data-boot>` says
// how the page booted: "snapshot" or "normal".
import { loadPyodide as loadRuntime, version } from "../vendor/pyodide/pyodide.mjs";

export { version };

export const RUNTIME = new URL("../vendor/pyodide/", import.meta.url).href;
export const STDLIB = new URL("../build/python_stdlib.zip", import.meta.url).href;
// What the snapshot has imported: the app's entry point, and through it all start-up needs.
export const SNAPSHOT_MODULES = ["chat.main"];
export const SNAPSHOT_PREFIX = "flux-chat-snapshot-";
// The only entry of a build's snapshot cache: `makeMemorySnapshot()`'s bytes, uncompressed
// (gunzipping its 30 MB cost more than reading them). Cache Storage refuses file:// keys, so a
// page opened from disk keeps it under a name that can never be fetched.
export const SNAPSHOT_ENTRY = import.meta.url.startsWith("file:")
  ? "https://flux-chat.invalid/memory-snapshot"
  : new URL("./memory-snapshot", import.meta.url).href;
const WORKER = new URL("./snapshot-worker.mjs", import.meta.url);

const build = globalThis.FLUX_START?.build;
const cacheName = build && SNAPSHOT_PREFIX + build;
// Read as soon as this module runs (index.html runs it from its head), while PyScript starts.
const stored = readSnapshot();

export async function loadPyodide(options = {}) {
  const config = { ...options, indexURL: RUNTIME, stdLibURL: STDLIB };
  const snapshot = await stored;
  if (snapshot) {
    try {
      const pyodide = await loadRuntime({ ...config, _loadSnapshot: snapshot });
      // The snapshot froze `random`'s state (and the hash seed, which stays per build).
      const restored = pyodide.runPython(`
import sys
if "random" in sys.modules:
    sys.modules["random"].seed()
all(name in sys.modules for name in ${JSON.stringify(SNAPSHOT_MODULES)})`);
      if (restored) return booted(pyodide, "snapshot");
      // A Pyodide that ignores `_loadSnapshot` booted normally: fine, but the entry is no use.
      await forget();
      return booted(pyodide, "normal");
    } catch {
      await forget();
    }
  }
  return booted(await loadRuntime(config), "normal");
}

function booted(pyodide, how) {
  document.documentElement.dataset.boot = how;
  if (how === "normal") whenReadyAndIdle(makeSnapshot);
  return pyodide;
}

async function readSnapshot() {
  try {
    if (!cacheName || !(await caches.has(cacheName))) return undefined;
    const entry = await (await caches.open(cacheName)).match(SNAPSHOT_ENTRY);
    if (entry) return new Uint8Array(await entry.arrayBuffer());
    await forget(); // A cache without its entry.
  } catch {
    // No Cache Storage (an insecure origin), or an unreadable entry: a normal boot.
  }
  return undefined;
}

async function forget() {
  try {
    await caches.delete(cacheName);
  } catch {
    // Nothing to delete.
  }
}

// Making the snapshot waits for the app to be ready and the page idle: it never delays start-up.
function whenReadyAndIdle(callback) {
  const root = document.documentElement;
  const later = globalThis.requestIdleCallback ?? setTimeout;
  const idle = () => setTimeout(() => later(callback), 1000);
  if (root.dataset.appState === "ready") return idle();
  const watch = new MutationObserver(() => {
    if (root.dataset.appState !== "ready") return;
    watch.disconnect();
    idle();
  });
  watch.observe(root, { attributes: true, attributeFilter: ["data-app-state"] });
}

// Other builds' snapshots go; this build's is made by one tab at a time.
async function makeSnapshot() {
  try {
    if (!cacheName || !globalThis.Worker) return;
    const names = await caches.keys();
    const stale = names.filter((name) => name.startsWith(SNAPSHOT_PREFIX) && name !== cacheName);
    await Promise.all(stale.map((name) => caches.delete(name)));
    if (names.includes(cacheName)) return;
    if (!navigator.locks) return await runWorker();
    await navigator.locks.request(cacheName, { ifAvailable: true }, (lock) => lock && runWorker());
  } catch {
    // No snapshot this time (quota, no Cache Storage): the next visit boots normally.
  }
}

// From disk, the worker is static/js/file-boot.js's: it has no Cache Storage, and posts the
// snapshot's bytes for the page to store.
async function runWorker() {
  if (await caches.has(cacheName)) return; // Another tab made it meanwhile.
  const worker = globalThis.fluxFiles
    ? globalThis.fluxFiles.worker("static/js/snapshot-worker.mjs")
    : new Worker(WORKER, { type: "module" });
  try {
    await new Promise((resolve, reject) => {
      worker.onerror = resolve;
      worker.onmessage = ({ data }) => {
        if (!data.snapshot) return resolve();
        const response = new Response(data.snapshot, {
          headers: { "Content-Type": "application/octet-stream" },
        });
        caches.open(cacheName).then((cache) => cache.put(SNAPSHOT_ENTRY, response))
          .then(resolve, reject);
      };
      worker.postMessage({ build });
    });
  } finally {
    worker.terminate();
  }
}

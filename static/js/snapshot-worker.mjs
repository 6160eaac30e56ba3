// Makes this build's memory snapshot (see interpreter.mjs) in a worker, so the page never waits
// for it: a fresh Pyodide with the page's very runtime and standard library (the snapshot only
// fits a byte-identical one) imports the app's modules, and its memory goes to Cache Storage.
// Python here only imports: under `_makeSnapshot` the `js` globals are recording proxies, and
// only JavaScript objects reachable from globalThis can be bound again in the page. The page
// posts {build} and gets {stored: true | false}, or {snapshot} (its bytes) when the worker has
// no Cache Storage; a failure (quota, the experimental API gone) stores nothing and says nothing.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import {
  RUNTIME,
  SNAPSHOT_ENTRY,
  SNAPSHOT_MODULES,
  SNAPSHOT_PREFIX,
  STDLIB,
} from "./interpreter.mjs";

const BUNDLE = new URL("../build/chat.zip", import.meta.url).href;
const HOME = "/home/pyodide"; // Where PyScript unpacks chat.zip in the page.

self.onmessage = async ({ data: { build } }) => {
  const name = SNAPSHOT_PREFIX + build;
  try {
    const [pyodide, bundle] = await Promise.all([
      loadPyodide({ indexURL: RUNTIME, stdLibURL: STDLIB, _makeSnapshot: true }),
      fetch(BUNDLE).then((response) => response.arrayBuffer()),
    ]);
    const heap = pyodide._module.HEAP8.length;
    pyodide.unpackArchive(new Uint8Array(bundle), "zip", { extractDir: HOME });
    for (const module of SNAPSHOT_MODULES) pyodide.pyimport(module).destroy();
    // Pyodide 314 restores into a heap of its default size: a grown one would not fit
    // (pyodide issue 6254).
    if (pyodide._module.HEAP8.length !== heap) throw new Error("the heap grew");
    const snapshot = pyodide.makeMemorySnapshot();
    if (!canCache()) {
      // A page opened from disk started this worker from a data: URL, which has no Cache
      // Storage: the page stores the bytes.
      self.postMessage({ snapshot }, [snapshot.buffer]);
      return;
    }
    const response = new Response(snapshot, {
      headers: { "Content-Type": "application/octet-stream" },
    });
    await (await caches.open(name)).put(SNAPSHOT_ENTRY, response);
    self.postMessage({ stored: true });
  } catch {
    if (canCache()) await caches.delete(name).catch(() => {});
    self.postMessage({ stored: false });
  }
};

function canCache() {
  return self.location.protocol !== "data:";
}

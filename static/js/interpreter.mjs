// The interpreter PyScript loads (pyscript.toml's `interpreter`): Pyodide, started with the
// standard library that `make setup` compiled to bytecode (tools/compile.py), so start-up
// does not compile ~150 modules from source on every visit. PyScript calls `loadPyodide` with
// an `indexURL` next to this file; the runtime itself lives in static/vendor/pyodide/.
import { loadPyodide as loadRuntime, version } from "../vendor/pyodide/pyodide.mjs";

export { version };

const RUNTIME = new URL("../vendor/pyodide/", import.meta.url).href;
const STDLIB = new URL("../build/python_stdlib.zip", import.meta.url).href;

export function loadPyodide(options = {}) {
  return loadRuntime({ ...options, indexURL: RUNTIME, stdLibURL: STDLIB });
}

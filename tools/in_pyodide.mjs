// Run a Python script inside the pinned Pyodide, under Node: `node tools/in_pyodide.mjs
// SCRIPT [ARGS...]`. The repository is mounted at /repo (the script's working directory), so
// the script reads and writes real files. Set-up uses it to compile bytecode with the very
// interpreter the page runs (tools/compile.py): CPython 3.14 inside Pyodide, not the host's.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(path.join(root, "node_modules/pyodide/pyodide.mjs"));

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node tools/in_pyodide.mjs SCRIPT [ARGS...]");
  process.exit(2);
}
const pyodide = await loadPyodide({ indexURL: path.join(root, "node_modules/pyodide/") });
pyodide.FS.mkdirTree("/repo");
pyodide.mountNodeFS("/repo", root);
pyodide.FS.chdir("/repo");
pyodide.globals.set("argv", pyodide.toPy([script, ...args]));
try {
  await pyodide.runPythonAsync(`
import runpy, sys
sys.argv = list(argv)
sys.path.insert(0, "/repo")
runpy.run_path(sys.argv[0], run_name="__main__")
`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

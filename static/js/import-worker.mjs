// Imports a large data file into the chats' database away from the page (chat/import_worker.py
// says why and what it tells the page): a Pyodide of its own, with the page's runtime, standard
// library and `chat` package, runs the page's very import. The page posts {url, source,
// database, base} and gets JSON text messages; a worker that cannot start says
// {"kind": "broken"}, and the page then imports the file itself.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import { RUNTIME, STDLIB } from "./interpreter.mjs";

const BUNDLE = new URL("../build/chat.zip", import.meta.url).href;
const HOME = "/home/pyodide"; // Where PyScript unpacks chat.zip in the page.

self.onmessage = async ({ data: { url, source, database, base } }) => {
  let run;
  try {
    const [pyodide, bundle] = await Promise.all([
      loadPyodide({ indexURL: RUNTIME, stdLibURL: STDLIB }),
      fetch(BUNDLE).then((response) => response.arrayBuffer()),
    ]);
    pyodide.unpackArchive(new Uint8Array(bundle), "zip", { extractDir: HOME });
    run = pyodide.pyimport("chat.import_worker").run;
  } catch (error) {
    self.postMessage(JSON.stringify({ kind: "broken", message: String(error?.message ?? error) }));
    return;
  }
  try {
    await run(url, source, database, base, (text) => self.postMessage(text));
  } catch (error) {
    self.postMessage(JSON.stringify({ kind: "broken", message: String(error?.message ?? error) }));
  }
};

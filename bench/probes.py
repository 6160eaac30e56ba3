"""The JavaScript the benchmark runs inside the page: what a person does, timed by the page."""

STARTUP = """
(() => {
  // Moments of a start, from navigation: `paint`, the frame in which a chat item is first on
  // screen; `input`, when a message typed and sent shows in the message box (as a pending
  // message while Python starts, typed and sent again every 20 ms until it shows); `ready`,
  // when Python has taken over (html[data-app-state=ready]); `imported`, when it is ready and
  // no progress bar is on screen (an import of the data into the browser's database shows
  // one; with none, `imported` is `ready`). The text is new on each visit: a repeat visit
  // shows the earlier visits' probes. `importing`: when a progress bar is first on screen.
  // Every long task (a main-thread block over 50 ms) goes to `longTasks`.
  const marks = window.__startup = {longTasks: []};
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) {
      marks.longTasks.push({start: task.startTime, duration: task.duration});
    }
  }).observe({type: "longtask", buffered: true});
  const text = `tti probe ${performance.timeOrigin}`;
  const imported = () => {
    const bars = [...document.querySelectorAll("progress")];
    if (marks.importing === undefined && bars.some(bar => bar.checkVisibility())) {
      marks.importing = performance.now();
    }
    if (marks.ready === undefined || marks.imported !== undefined) return;
    if (bars.every(bar => !bar.checkVisibility())) marks.imported = performance.now();
  };
  new MutationObserver(() => {
    if (marks.item === undefined && document.querySelector(".user-list__item")) {
      marks.item = performance.now();
      requestAnimationFrame(() => { marks.paint = performance.now(); });
    }
    if (marks.ready === undefined && document.documentElement?.dataset.appState === "ready") {
      marks.ready = performance.now();
    }
    imported();
  }).observe(document, {subtree: true, childList: true, attributes: true});
  const timer = setInterval(() => {
    imported();
    if (marks.imported !== undefined && marks.input !== undefined) clearInterval(timer);
    const input = document.querySelector(".reply-box__input");
    if (!input || marks.input !== undefined) return;
    const shown = () => [...document.querySelectorAll(".message-box__item__contents")]
      .some(el => el.textContent === text);
    if (!shown()) {
      input.value = text;
      input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    }
    if (shown()) marks.input = performance.now();
  }, 20);
})();
"""

_MARKS = "['paint', 'input', 'ready', 'imported']"
STARTED = f"() => {_MARKS}.every(mark => window.__startup?.[mark] !== undefined)"

STARTED_MARKS = f"""
() => {{
  // The start's moments (probe STARTUP), and its longest main-thread block and number of
  // blocks until the data was imported; and the same while a progress bar was on screen
  // (the import itself, without the runtime's start before it).
  const marks = window.__startup;
  const until = marks.longTasks.filter(task => task.start < marks.imported);
  const importing = until.filter(task => task.start + task.duration > marks.importing);
  return {{
    ...Object.fromEntries({_MARKS}.map(mark => [mark, marks[mark]])),
    longest: Math.max(0, ...until.map(task => task.duration)),
    blocks: until.length,
    importing: marks.importing ?? null,
    importLongest: Math.max(0, ...importing.map(task => task.duration)),
    importBlocks: importing.length,
  }};
}}
"""

QUIET = """
async (timeout) => {
  // Until the page has had no main-thread block for 2 s (at most `timeout` ms): the work a
  // start leaves for later (a first save, say) is done. Whether it got quiet, and the
  // longest block from the data imported (probe STARTUP) until then.
  const marks = window.__startup;
  const lastEnd = () => Math.max(0, ...marks.longTasks.map(t => t.start + t.duration));
  const deadline = performance.now() + timeout;
  while (performance.now() - lastEnd() < 2000 && performance.now() < deadline) {
    await new Promise(r => setTimeout(r, 200));
  }
  const after = marks.longTasks.filter(task => task.start >= marks.imported);
  return {
    quiet: performance.now() - lastEnd() >= 2000,
    longest: Math.max(0, ...after.map(task => task.duration)),
  };
}
"""

WASM_MEMORY = """
(() => {
  // Pyodide's WebAssembly memory (what `pyodide._module.HEAPU8.length` says), without
  // touching the app: the memory a module exports is caught as the page instantiates it.
  const memories = window.__wasmMemories = [];
  const keep = result => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
    }
    return result;
  };
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) { return original.apply(this, args).then(keep); };
  }
})();
"""

WASM_BYTES = "() => Math.max(0, ...(window.__wasmMemories ?? []).map(m => m.buffer.byteLength))"

TTI_BARE = """
(() => {
  const timer = setInterval(() => {
    if (document.documentElement.dataset.bare === "ready") {
      window.__tti = performance.now();
      clearInterval(timer);
    }
  }, 50);
})();
"""

_FRAME = "const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));"

SEND = (
    """
async (count) => {
  """
    + _FRAME
    + """
  const input = document.querySelector(".reply-box__input");
  const out = [];
  for (let i = 0; i < count; i++) {
    await frame();  // start each send just after a frame, as a key press would
    const text = `benchmark message ${i}`;
    input.value = text;
    const t0 = performance.now();
    input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    const t1 = performance.now();
    const own = document.querySelectorAll(
      ".message-box__item--from-current .message-box__item__contents");
    const shown = own.length > 0 && own[own.length - 1].textContent === text;
    const t2 = await frame();
    out.push({dom: t1 - t0, frame: t2 - t0, shown});
  }
  return out;
}
"""
)

SWITCH = (
    """
async ([ids, count]) => {
  """
    + _FRAME
    + """
  const out = [];
  for (let i = 0; i < count; i++) {
    await frame();
    const id = String(ids[i % ids.length]);
    const item = document.querySelector(`.user-list__item[data-user-id="${id}"]`);
    const t0 = performance.now();
    item.click();
    const t1 = performance.now();
    const box = document.querySelector(".message-box");
    const shown = box.dataset.userId === id && box.querySelector(".message-box__item") !== null;
    const t2 = await frame();
    out.push({dom: t1 - t0, frame: t2 - t0, shown});
  }
  return out;
}
"""
)

SWITCH_MANY = """
async ([ids, count]) => {
  for (let i = 0; i < count; i++) {
    const id = String(ids[i % ids.length]);
    document.querySelector(`.user-list__item[data-user-id="${id}"]`).click();
    if (i % 25 === 0) await new Promise(r => setTimeout(r));  // let the page breathe
  }
  return document.querySelector(".message-box").dataset.userId;
}
"""

_OPENING = """
  // Whether chat `id` is open with its messages in the DOM: the message box is that chat's
  // and holds a message (not a read receipt, not a row that says it is loading).
  const showing = id => {
    const box = document.querySelector(".message-box");
    return box?.dataset.userId === id && box.querySelector(
      ".message-box__item:not(.message-box__item--read):not([class*='loading'])") !== null;
  };
  // Click chat `item`; resolve with the time its messages are in the DOM (at once if the click
  // rendered them, else at the DOM change that did), or null after `timeout` ms.
  const open = (item, timeout) => new Promise(resolve => {
    const id = item.dataset.userId;
    item.click();
    if (showing(id)) return resolve(performance.now());
    const watch = new MutationObserver(() => {
      if (!showing(id)) return;
      const t = performance.now();
      watch.disconnect(); clearTimeout(timer); resolve(t);
    });
    watch.observe(document, {subtree: true, childList: true, attributes: true});
    const timer = setTimeout(() => { watch.disconnect(); resolve(null); }, timeout);
  });
"""

OPEN_FAR = (
    """
async ([count, timeout]) => {
  """
    + _FRAME
    + _OPENING
    + """
  // Open `count` chats far down the user list, as a person would: scroll the list there
  // (the bottom half, evenly spaced, the last at the bottom), let it draw, and click the chat
  // in the middle of what is visible; timed from the click until its messages are in the DOM,
  // and until the next frame. A chat is opened once; a list too short for that (`seed`)
  // gives the chats it has again, never the open one.
  const list = document.querySelector(".user-list__list");
  const box = list.getBoundingClientRect();
  const opened = new Set();
  const out = [];
  for (let i = 0; i < count; i++) {
    const span = list.scrollHeight - list.clientHeight;
    list.scrollTop = Math.round(span * (0.5 + 0.5 * (i + 1) / count));
    await frame(); await frame();  // the scroll event draws the chats now in view
    const current = document.querySelector(".message-box")?.dataset.userId;
    const visible = [...list.querySelectorAll(".user-list__item")].filter(item => {
      const r = item.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && item.dataset.userId !== current;
    });
    const fresh = visible.filter(item => !opened.has(item.dataset.userId));
    const choices = fresh.length ? fresh : visible;
    const item = choices[Math.floor(choices.length / 2)];
    if (!item) { out.push({shown: false}); continue; }
    opened.add(item.dataset.userId);
    await frame();
    const t0 = performance.now();
    const t1 = await open(item, timeout);
    const t2 = await frame();
    out.push({dom: t1 === null ? timeout : t1 - t0, frame: t2 - t0, shown: t1 !== null});
  }
  return {samples: out, chats: opened.size};
}
"""
)

OPEN_MANY = (
    """
async ([count, timeout]) => {
  """
    + _OPENING
    + """
  // Open `count` different chats (or every chat there is), from the top of the user list
  // down: click each chat drawn in the list, waiting until its messages are in the DOM, then
  // scroll a screen further. How many were opened, and how many never showed their messages.
  const list = document.querySelector(".user-list__list");
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const opened = new Set();
  let missing = 0;
  list.scrollTop = 0;
  await frame(); await frame();
  while (opened.size < count) {
    const items = [...list.querySelectorAll(".user-list__item")]
      .filter(item => !opened.has(item.dataset.userId));
    for (const item of items) {
      if (opened.size >= count) break;
      if (!item.isConnected) continue;  // the list was drawn again meanwhile
      opened.add(item.dataset.userId);
      if (await open(item, timeout) === null) missing++;
      if (opened.size % 25 === 0) await new Promise(r => setTimeout(r));  // let the page breathe
    }
    if (items.length) continue;  // what the clicks drew, if anything, before scrolling on
    const before = list.scrollTop;
    list.scrollTop = before + list.clientHeight;
    await frame(); await frame();
    if (list.scrollTop === before) break;  // the end of the list
  }
  return {opened: opened.size, missing};
}
"""
)

SERVICE_WORKER = """
async (timeout) => {
  // Until the service worker has cached the build and serves the page (at most `timeout` ms).
  const deadline = Date.now() + timeout;
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  return navigator.serviceWorker.controller !== null;
}
"""

SNAPSHOT = """
async (timeout) => {
  // Until this build's memory snapshot is stored (static/js/interpreter.mjs; at most
  // `timeout` ms); its size, or 0 if none came.
  const name = "flux-chat-snapshot-" + self.FLUX_START.build;
  // From disk, the entry has a name of its own: Cache Storage refuses file:// keys.
  const entry = location.protocol === "file:"
    ? "https://flux-chat.invalid/memory-snapshot"
    : new URL("static/js/memory-snapshot", location).href;
  const deadline = Date.now() + timeout;
  while (!(await caches.match(entry, { cacheName: name })) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  const stored = await caches.match(entry, { cacheName: name });
  return stored ? (await stored.arrayBuffer()).byteLength : 0;  // its size in bytes
}
"""

ELEMENTS = "() => document.getElementsByTagName('*').length"

IMPORT = """
(() => {
  // An inspector log's import: `start` when the file is chosen, `shown` when the panel says
  // the imported log is shown, and every long task (a main-thread block over 50 ms) meanwhile.
  const probe = window.__import = {longTasks: []};
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) {
      probe.longTasks.push({start: task.startTime, duration: task.duration});
    }
  }).observe({type: "longtask"});
  document.addEventListener("change", event => {
    if (event.target.classList?.contains("inspector__file")) probe.start = performance.now();
  }, true);
  new MutationObserver(() => {
    if (probe.start === undefined || probe.shown !== undefined) return;
    const status = document.querySelector(".inspector__status");
    if (status?.textContent.includes("imported log")) probe.shown = performance.now();
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""

IMPORTED = """
() => {
  // Time to shown and the longest main-thread block of the import (probe IMPORT).
  const probe = window.__import;
  if (probe?.shown === undefined) return null;
  const during = probe.longTasks.filter(
    task => task.start + task.duration >= probe.start && task.start <= probe.shown);
  return {
    shown: probe.shown - probe.start,
    longest: Math.max(0, ...during.map(task => task.duration)),
    blocks: during.length,
  };
}
"""

TRAVEL = (
    """
async ([numbers, entryHeight]) => {
  """
    + _FRAME
    + """
  // Scroll each entry into the inspector's log, then time the click that travels to it.
  const log = document.querySelector(".inspector__log");
  const out = [];
  for (const n of numbers) {
    log.scrollTop = (n - 1) * entryHeight;
    await frame(); await frame();  // the scroll event draws the entries now in view
    const item = document.querySelector(`.inspector__entry[data-entry="${n}"]`);
    const t0 = performance.now();
    item.click();
    const t1 = performance.now();
    const status = document.querySelector(".inspector__status").textContent;
    const shown = status.includes(`after #${n} of`);
    const t2 = await frame();
    out.push({dom: t1 - t0, frame: t2 - t0, shown});
  }
  return out;
}
"""
)

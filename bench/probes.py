"""The JavaScript the benchmark runs inside the page: what a person does, timed by the page."""

STARTUP = """
(() => {
  // Three moments of a start, from navigation: `paint`, the frame in which a chat item is
  // first on screen; `input`, when a message typed and sent shows in the message box (as a
  // pending message while Python starts, typed and sent again every 20 ms until it shows);
  // `ready`, when Python has taken over (html[data-app-state=ready]). The text is new on
  // each visit: a repeat visit shows the earlier visits' probes.
  const marks = window.__startup = {};
  const text = `tti probe ${performance.timeOrigin}`;
  new MutationObserver(() => {
    if (marks.item === undefined && document.querySelector(".user-list__item")) {
      marks.item = performance.now();
      requestAnimationFrame(() => { marks.paint = performance.now(); });
    }
    if (marks.ready === undefined && document.documentElement?.dataset.appState === "ready") {
      marks.ready = performance.now();
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
  const timer = setInterval(() => {
    const input = document.querySelector(".reply-box__input");
    if (!input) return;
    const shown = () => [...document.querySelectorAll(".message-box__item__contents")]
      .some(el => el.textContent === text);
    if (!shown()) {
      input.value = text;
      input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    }
    if (shown()) { marks.input = performance.now(); clearInterval(timer); }
  }, 20);
})();
"""

STARTED = "() => ['paint', 'input', 'ready'].every(mark => window.__startup?.[mark] !== undefined)"

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

SERVICE_WORKER = """
async () => {
  // Until the service worker has cached the build and serves the page (at most 60 s).
  const deadline = Date.now() + 60000;
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  return navigator.serviceWorker.controller !== null;
}
"""

SNAPSHOT = """
async () => {
  // Until this build's memory snapshot is stored (static/js/interpreter.mjs; at most 60 s);
  // its size, or 0 if none came.
  const name = "flux-chat-snapshot-" + self.FLUX_START.build;
  const entry = new URL("static/js/memory-snapshot", location).href;
  const deadline = Date.now() + 60000;
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

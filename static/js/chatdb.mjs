// The chats' database in the browser: IndexedDB through idb (static/vendor/idb, pinned in
// package-lock.json), for chat/browser/database.py. Every call takes and gives JSON text, so
// Python crosses into JavaScript once per call and parses and checks the data itself.
//
// Stores (version 1):
//   chats     keyPath "id": a chat's summary {id, user, lastAccess: {recipient, currentUser},
//             last}, where `last` is its newest message;
//   messages  keyPath ["chat", "timestamp", "id"]: {chat, id, contents, from, timestamp}, so a
//             chat's messages lie together, in time order;
//   meta      out-of-line keys; "state" holds the app's small state (its shape is Python's).
//
// Tabs share the database. IndexedDB runs readwrite transactions over the same stores one
// after the other, and a chat's summary is merged with the stored one inside the transaction,
// so the newest message and the latest read times win in whatever order writes arrive.
//
// idb opens the database (upgrade, and the version-change events that let another tab's
// Reset delete it) and makes reads promises. Writes use plain IndexedDB requests: a promise
// per put cost a fifth more on 10,000 messages, a write must commit right after its last
// request, and an aborted transaction of idb's rejects a promise nobody awaits.
import { openDB, unwrap, wrap } from "../vendor/idb/index.js";

export const VERSION = 1;
const STORES = ["chats", "messages", "meta"];
const STATE = "state";
// How long an open may stay blocked by another tab's older version, and may take at all.
const BLOCKED_MS = 1000;
const OPEN_MS = 10_000;

// Open database `name` (created or upgraded to VERSION); rejects with an Error saying why when
// IndexedDB is missing, refused (private browsing, storage turned off), blocked or too slow.
export async function openChatDb(name) {
  let factory;
  try {
    factory = globalThis.indexedDB;
  } catch (error) {
    throw refused(name, error);
  }
  if (!factory) {
    throw new Error(`IndexedDB is not available in this browser, so database "${name}" ` +
      "cannot keep the chats");
  }
  let closed = null;  // why the connection is closed, once it is
  let giveUp;
  let timer;
  const slow = new Promise((resolve, reject) => {
    giveUp = (ms, why) => {
      clearTimeout(timer);
      const error = new OpenError(`database "${name}" could not be opened: ${why}`);
      timer = setTimeout(() => reject(error), ms);
    };
  });
  giveUp(OPEN_MS, `it did not open within ${OPEN_MS / 1000} s`);
  let opening;
  try {
    opening = openDB(name, VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const chats = db.createObjectStore("chats", { keyPath: "id" });
          // The user list's order: start reads the chats with the newest messages first.
          chats.createIndex("byLast", "last.timestamp");
          db.createObjectStore("messages", { keyPath: ["chat", "timestamp", "id"] });
          db.createObjectStore("meta");
        }
      },
      blocked: () => giveUp(BLOCKED_MS, "another tab keeps an older version of it open; " +
        "close the app's other tabs and reload"),
      // Another connection wants to delete or upgrade the database (Reset demo in any tab, or
      // a newer build): let go at once rather than keep it waiting.
      blocking(currentVersion, blockedVersion, event) {
        closed ??= `database "${name}" was closed because another page deleted or upgraded ` +
          "it (Reset demo, or a newer version of the app); reload the page";
        event.target.close();
      },
      terminated() {
        closed ??= `the browser closed database "${name}" (its data may have been cleared)`;
      },
    });
  } catch (error) {
    clearTimeout(timer);
    throw refused(name, error);
  }
  let db;
  try {
    db = await Promise.race([opening, slow]);
  } catch (error) {
    opening.then((late) => late.close(), () => {});
    throw error instanceof OpenError ? error : refused(name, error);
  } finally {
    clearTimeout(timer);
  }
  return new ChatDb(db, name, {
    why: () => closed,
    close: (why) => (closed ??= why),
  });
}

class OpenError extends Error {}

function refused(name, error) {
  if (error?.name === "VersionError") {
    return new Error(`database "${name}" was made by a newer version of the app ` +
      `(${error.message}); reload to use that version`);
  }
  const why = error ? `${error.name}: ${error.message}` : "no reason given";
  return new Error(`IndexedDB refused to open database "${name}" (${why}); private browsing ` +
    "or storage turned off in the browser's settings may be the cause");
}

class ChatDb {
  #db;
  #name;
  #closed;
  #writes = Promise.resolve();  // settles once every write made so far has settled
  #order = [];  // the chats' ids by newest last message, as `start` found them

  constructor(db, name, closed) {
    this.#db = unwrap(db);
    this.#name = name;
    this.#closed = closed;
  }

  // The start of the app in one read transaction: the meta state, the summaries of the `first`
  // chats with the newest last messages (and the open chat's, if it is not among them), how
  // many chats there are, where to read on from (`chats`), and the open chat's newest `limit`
  // messages (oldest first) and whether older ones exist; `open` is null when there is no
  // meta state or no open chat. Only the chats' order is kept here, for `chats` to read on:
  // Python parses `first` summaries at start, whatever the history.
  async start(limit, first = Number.MAX_SAFE_INTEGER) {
    checkLimit("start", limit);
    checkLimit("start", first);
    const tx = wrap(this.#transaction(STORES, "readonly"));
    const open = tx.objectStore("meta").get(STATE).then(async (meta) => {
      const chat = meta?.openChat;
      if (chat == null) return [meta ?? null, null];
      const recent = await newest(tx.objectStore("messages"), chat, null, limit);
      return [meta, { chat, ...recent }];
    });
    // The chats' ids by their last message's time (keys only: reading 10,000 records took
    // 130-190 ms, their keys 20 ms), then the records of the first ones and the open one.
    const chatStore = tx.objectStore("chats");
    const [oldestFirst, [meta, recent]] = await this.#reading(
      Promise.all([chatStore.index("byLast").getAllKeys(), open]),
    );
    this.#order = oldestFirst.reverse();
    const wanted = this.#order.slice(0, first);
    if (recent && !wanted.includes(recent.chat)) wanted.push(recent.chat);
    const [found] = await this.#reading(
      Promise.all([Promise.all(wanted.map((id) => chatStore.get(id))), tx.done]),
    );
    const chats = found.filter(Boolean);
    const all = this.#order;
    return JSON.stringify({
      meta, chats, next: Math.min(first, all.length), total: all.length, open: recent,
    });
  }

  // Up to `limit` chat summaries after the first `offset` in the order `start` found (newest
  // last message first), read as they are now: {"chats": [...], "more": bool}.
  async chats(offset, limit) {
    checkLimit("chats", limit);
    const ids = this.#order.slice(offset, offset + limit);
    const tx = wrap(this.#transaction(["chats"], "readonly"));
    const store = tx.objectStore("chats");
    const [found] = await this.#reading(
      Promise.all([Promise.all(ids.map((id) => store.get(id))), tx.done]),
    );
    return JSON.stringify({
      chats: found.filter(Boolean), more: offset + limit < this.#order.length,
    });
  }

  // Up to `limit` messages of chat `chat` before the key [chat, beforeTimestamp, beforeId]
  // (the newest when beforeTimestamp is null), oldest first, and whether older ones exist.
  async messages(chat, beforeTimestamp, beforeId, limit) {
    checkLimit("messages", limit);
    const before = beforeTimestamp == null ? null : [chat, beforeTimestamp, beforeId];
    const tx = wrap(this.#transaction(["messages"], "readonly"));
    const [recent] = await this.#reading(
      Promise.all([newest(tx.objectStore("messages"), chat, before, limit), tx.done]),
    );
    return JSON.stringify(recent);
  }

  // `text` is {"meta"?: {...}, "chats"?: [...], "messages"?: [...]}, written in one readwrite
  // transaction: messages are put (the same key is the same message, never a second one),
  // chats merged with the stored summaries (mergeChat), meta merged into the stored state.
  // Its scope is every store, so writes commit in the order they were made whatever they
  // touch, and each write's promise settles after the previous one's, even one that fails at
  // once (text that does not parse). Rejects with the cause's name (QuotaExceededError stays
  // recognisable).
  write(text) {
    const attempt = this.#write(text);  // its transaction is made now, in call order
    attempt.catch(() => {});  // its failure is reported in turn, below
    const settled = this.#writes.then(() => attempt);
    this.#writes = settled.catch(() => {});
    return settled;
  }

  async #write(text) {
    let meta, chats, messages;
    try {
      ({ meta, chats, messages } = JSON.parse(text));
    } catch (error) {
      throw this.#failed("write to", error);
    }
    const tx = this.#transaction(STORES, "readwrite");
    const done = finished(tx);
    let reads = 0;
    let failure = null;
    const step = (work) => {
      try {
        work();
      } catch (error) {
        failure ??= error;  // a record IndexedDB cannot take: nothing of this write is kept
        try {
          tx.abort();
        } catch {}  // already aborted
      }
    };
    const read = (request, then) => {
      reads += 1;
      request.onsuccess = () => {
        reads -= 1;
        step(() => then(request.result));
        if (reads === 0 && !failure) step(() => tx.commit?.());
      };
    };
    step(() => {
      const store = tx.objectStore("messages");
      for (const message of messages ?? []) store.put(message);
      const summaries = tx.objectStore("chats");
      for (const chat of mergedAmongThemselves(chats ?? [])) {
        read(summaries.get(chat.id), (stored) =>
          summaries.put(stored ? mergeChat(stored, chat) : chat));
      }
      if (meta) {
        const state = tx.objectStore("meta");
        read(state.get(STATE), (stored) => state.put({ ...stored, ...meta }, STATE));
      }
      if (reads === 0) tx.commit?.();
    });
    try {
      await done;
    } catch (error) {
      throw this.#failed("write to", failure ?? error);
    }
  }

  // Empty every store, in one transaction.
  async clear() {
    const tx = this.#transaction(STORES, "readwrite");
    const done = finished(tx);
    for (const store of STORES) tx.objectStore(store).clear();
    tx.commit?.();
    try {
      await done;
    } catch (error) {
      throw this.#failed("clear", error);
    }
  }

  close() {
    this.#closed.close(`database "${this.#name}" was closed by the app`);
    this.#db.close();
  }

  #transaction(stores, mode) {
    const why = this.#closed.why();
    if (why) throw new Error(why);
    try {
      return this.#db.transaction(stores, mode);
    } catch (error) {
      throw this.#failed("use", error);
    }
  }

  async #reading(promise) {
    try {
      return await promise;
    } catch (error) {
      throw this.#failed("read", error);
    }
  }

  // The cause's name, and a message that names the database and says what failed.
  #failed(doing, cause) {
    const name = cause?.name ?? "Error";
    const detail = cause?.message ? `${name}: ${cause.message}` : name;
    const error = new Error(`could not ${doing} database "${this.#name}": ${detail}`, { cause });
    error.name = name;
    return error;
  }
}

function checkLimit(method, limit) {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`ChatDb.${method}: limit must be a whole number of at least 1, ` +
      `received ${JSON.stringify(limit) ?? String(limit)}`);
  }
}

// Resolves when the transaction has committed; rejects with its error when it aborted.
function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.addEventListener("complete", () => resolve());
    tx.addEventListener("abort", () =>
      reject(tx.error ?? new DOMException("The write was aborted.", "AbortError")));
  });
}

// The newest `limit` messages of `chat` strictly before key `before` (or its newest), oldest
// first, and whether an older one exists. Three requests whatever the limit: a key cursor from
// the newest key steps `limit` keys back, to the newest key left out (if any), and one getAll
// reads what lies between. The newest 40 of a 100,000-message chat took 1.8 ms this way
// (medians, Chromium 156), 3.9 ms with a "prev" cursor over the records (a request each), and
// 1.5 ms with getAllRecords, which only Chromium 141+ has.
async function newest(store, chat, before, limit) {
  const range = before
    ? IDBKeyRange.bound([chat, -Infinity], before, false, true)
    : IDBKeyRange.bound([chat, -Infinity], [chat, Infinity]);
  const top = await store.openKeyCursor(range, "prev");
  if (!top) return { messages: [], older: false };
  const newestKey = top.primaryKey;
  const past = await top.advance(limit);
  const between = past
    ? IDBKeyRange.bound(past.primaryKey, newestKey, true, false)
    : IDBKeyRange.bound(range.lower, newestKey);
  return { messages: await store.getAll(between), older: past !== null };
}

// Chats of one write with the same id, merged into one, in the order given.
function mergedAmongThemselves(chats) {
  const byId = new Map();
  for (const chat of chats) {
    const known = byId.get(chat.id);
    byId.set(chat.id, known ? mergeChat(known, chat) : chat);
  }
  return byId.values();
}

// A stored summary and an incoming one: `last` is the newer message by (timestamp, id), each
// last access the later, and everything else (the user) the incoming one.
export function mergeChat(stored, incoming) {
  const lastAccess = { ...stored.lastAccess, ...incoming.lastAccess };
  for (const side of ["recipient", "currentUser"]) {
    const a = stored.lastAccess?.[side];
    const b = incoming.lastAccess?.[side];
    if (a != null && b != null) lastAccess[side] = Math.max(a, b);
  }
  return { ...stored, ...incoming, lastAccess, last: newer(stored.last, incoming.last) };
}

// The newer of two messages in the messages store's own order, timestamp then id as a string
// (IndexedDB's comparison, so `last` is always the chat's last record in that store).
function newer(a, b) {
  if (!a) return b ?? null;
  if (!b) return a;
  return indexedDB.cmp([a.timestamp, String(a.id)], [b.timestamp, String(b.id)]) >= 0 ? a : b;
}

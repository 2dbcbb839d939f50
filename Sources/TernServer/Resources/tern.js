/*
 * tern.js: Tern's browser tracker. No dependencies, no build step.
 *
 *   <script src="https://TERN_HOST/tern.js" data-write-key="WRITE_KEY" async></script>
 *
 * or, after loading the script some other way, tern.init("WRITE_KEY", {host: "https://TERN_HOST"}).
 * Then tern.track(event, properties), tern.identify(userId, traits), tern.page(properties),
 * tern.alias(userId, previousId) and tern.reset(). Calls made before the script has loaded
 * are kept by the queue stub in the README and replayed here, in order.
 *
 * Messages are in the format of Segment's HTTP Tracking API and are sent in batches to
 * /v1/batch. Every message carries a messageId, so the server stores it once however often
 * it is sent: the tracker prefers sending twice to losing anything. Unsent messages are kept
 * in localStorage until the server has acknowledged them, and are sent again after a reload.
 */
(function () {
  'use strict';

  const VERSION = '1.0.0';
  const LIBRARY = { name: 'tern.js', version: VERSION };

  const FLUSH_INTERVAL = 1000;       // ms a message may wait to share a request with others
  const FLUSH_SIZE = 20;             // ...unless this many are waiting
  const MAX_MESSAGE_BYTES = 32000;   // the server refuses a message over 32 KB
  const MAX_BATCH_BYTES = 480000;    // ...and a request over 500 KB: leave room for the envelope
  const MAX_BATCH_MESSAGES = 100;
  const KEEPALIVE_BYTES = 60000;     // browsers allow 64 KB in flight for keepalive fetches and beacons
  const GZIP_ABOVE_BYTES = 16384;    // smaller bodies are not worth compressing
  const MAX_STORED_MESSAGES = 1000;  // unsent messages kept across reloads; the oldest go first
  const BACKOFF_BASE = 1000;         // ms before the first retry; doubles with each failure
  const BACKOFF_MAX = 60000;
  const KEYS = { anonymousId: 'tern.anonymousId', userId: 'tern.userId', queue: 'tern.queue' };
  const COOKIE_MAX_AGE = 365 * 24 * 3600;

  const encoder = new TextEncoder();
  const byteLength = (text) => encoder.encode(text).length;
  const warn = (...args) => { if (window.console) console.warn('tern.js:', ...args); };

  // ---- First-party storage: localStorage, with cookies where it is unavailable ----

  const storage = (() => {
    try {
      const s = window.localStorage;
      s.setItem('tern.probe', '1');
      s.removeItem('tern.probe');
      return s;
    } catch (e) {
      return null; // disabled, or a private mode that refuses writes
    }
  })();

  function readCookie(name) {
    const prefix = encodeURIComponent(name) + '=';
    for (const part of document.cookie ? document.cookie.split('; ') : []) {
      if (part.startsWith(prefix)) {
        try { return decodeURIComponent(part.slice(prefix.length)); } catch (e) { return null; }
      }
    }
    return null;
  }

  function writeCookie(name, value) {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    const lifetime = value === null ? 'max-age=0' : 'max-age=' + COOKIE_MAX_AGE;
    try {
      document.cookie = encodeURIComponent(name) + '=' + encodeURIComponent(value || '') +
        '; path=/; ' + lifetime + '; SameSite=Lax' + secure;
    } catch (e) { /* cookies disabled: the value lives for this page only */ }
  }

  /** Identifiers are kept in both places, so clearing one of them keeps the visitor. */
  function readIdentifier(name) {
    if (storage) {
      const value = storage.getItem(name);
      if (value) return value;
    }
    return readCookie(name);
  }

  function writeIdentifier(name, value) {
    if (storage) {
      try {
        if (value === null) storage.removeItem(name); else storage.setItem(name, value);
      } catch (e) { /* quota: the cookie still holds it */ }
    }
    writeCookie(name, value);
  }

  function readStoredQueue() {
    if (!storage) return [];
    try {
      const stored = JSON.parse(storage.getItem(KEYS.queue) || '[]');
      return Array.isArray(stored) ? stored.filter((m) => m && typeof m.messageId === 'string') : [];
    } catch (e) {
      return [];
    }
  }

  // ---- Identifiers ----

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (window.crypto && typeof crypto.getRandomValues === 'function') {
      crypto.getRandomValues(bytes);
    } else {
      for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' +
      hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function anonymousId() {
    let id = readIdentifier(KEYS.anonymousId);
    if (!id) {
      id = uuid();
      writeIdentifier(KEYS.anonymousId, id);
    }
    return id;
  }

  function userId() {
    return readIdentifier(KEYS.userId);
  }

  // ---- Messages ----

  function pageContext() {
    return {
      path: location.pathname,
      referrer: document.referrer,
      search: location.search,
      title: document.title,
      url: location.href.split('#')[0],
    };
  }

  function message(type, fields) {
    const msg = Object.assign({
      type: type,
      messageId: uuid(),
      timestamp: new Date().toISOString(),
      anonymousId: anonymousId(),
      context: {
        library: LIBRARY,
        page: pageContext(),
        userAgent: navigator.userAgent,
        locale: navigator.language,
      },
    }, fields);
    if (!msg.userId) {
      const known = userId();
      if (known) msg.userId = known; else delete msg.userId;
    }
    try {
      msg.context.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) { /* no Intl: leave it out */ }
    return msg;
  }

  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  // ---- The queue and its delivery ----

  const state = {
    writeKey: null,
    host: null,
    queue: readStoredQueue(), // waiting to be sent, oldest first; starts with what a previous page left
    sending: [],              // the batch in flight
    acknowledged: new Set(),  // messageIds to drop from storage at the next write
    timer: null,
    due: 0,
    failures: 0,              // failed attempts in a row
    retryAt: 0,               // no request before this time (backoff)
    drains: [],               // resolvers of flush() promises
  };

  /**
   * Writes the unsent messages to storage. Another tab may have written its own since this one
   * read them, so the stored list is merged with this tab's rather than overwritten: only the
   * messages this tab knows were acknowledged leave it.
   */
  function persist() {
    if (!storage) return;
    const byId = new Map();
    for (const m of readStoredQueue()) {
      if (!state.acknowledged.has(m.messageId)) byId.set(m.messageId, m);
    }
    for (const m of state.sending.concat(state.queue)) byId.set(m.messageId, m);
    let all = Array.from(byId.values());
    if (all.length > MAX_STORED_MESSAGES) all = all.slice(all.length - MAX_STORED_MESSAGES);
    try {
      if (all.length) storage.setItem(KEYS.queue, JSON.stringify(all)); else storage.removeItem(KEYS.queue);
      state.acknowledged.clear();
    } catch (e) {
      warn('could not keep unsent events in localStorage', e);
    }
  }

  function enqueue(msg) {
    const size = byteLength(JSON.stringify(msg));
    if (size > MAX_MESSAGE_BYTES) {
      warn('dropped a ' + msg.type + ' of ' + size + ' bytes: the limit is 32 KB per event', msg);
      return;
    }
    state.queue.push(msg);
    persist();
    schedule(state.queue.length >= FLUSH_SIZE ? 0 : FLUSH_INTERVAL);
  }

  function schedule(delay) {
    if (!state.writeKey) return; // sent once init() names the key
    const due = Math.max(Date.now() + delay, state.retryAt);
    if (state.timer !== null) {
      if (state.due <= due) return;
      clearTimeout(state.timer);
    }
    state.due = due;
    state.timer = setTimeout(() => {
      state.timer = null;
      send();
    }, Math.max(0, due - Date.now()));
  }

  /** Takes the oldest messages that fit in one request of at most `maxBytes`. */
  function takeBatch(maxBytes, maxMessages) {
    const batch = [];
    let bytes = 0;
    while (state.queue.length && batch.length < maxMessages) {
      const size = byteLength(JSON.stringify(state.queue[0])) + 1;
      if (batch.length && bytes + size > maxBytes) break;
      batch.push(state.queue.shift());
      bytes += size;
    }
    return batch;
  }

  function envelope(batch) {
    return JSON.stringify({ batch: batch, sentAt: new Date().toISOString(), writeKey: state.writeKey });
  }

  async function gzip(text) {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** Posts one batch; answers 'sent', 'retry' (with an optional wait in ms), 'split' or 'drop'. */
  async function post(batch) {
    const text = envelope(batch);
    const headers = { 'Content-Type': 'application/json', 'X-Tern-Source': 'browser' };
    try {
      headers.Authorization = 'Basic ' + btoa(state.writeKey + ':');
    } catch (e) { /* not Latin-1: the key in the body is enough */ }
    let body = text;
    let size = byteLength(text);
    if (size > GZIP_ABOVE_BYTES && typeof CompressionStream === 'function') {
      try {
        body = await gzip(text);
        size = body.byteLength;
        headers['Content-Encoding'] = 'gzip';
      } catch (e) {
        body = text;
      }
    }
    let response;
    try {
      response = await fetch(state.host + '/v1/batch', {
        method: 'POST',
        headers: headers,
        body: body,
        credentials: 'omit',
        keepalive: size <= KEEPALIVE_BYTES, // lets the request outlive the page
      });
    } catch (e) {
      return { outcome: 'retry' }; // offline, blocked, or the server is unreachable
    }
    if (response.ok) return { outcome: 'sent' };
    if (response.status === 429 || response.status >= 500) {
      const seconds = Number(response.headers.get('Retry-After'));
      return { outcome: 'retry', wait: seconds > 0 ? seconds * 1000 : 0 };
    }
    if (response.status === 413 && batch.length > 1) return { outcome: 'split' };
    warn('the server refused ' + batch.length + ' event(s) with status ' + response.status);
    return { outcome: 'drop' };
  }

  function backoff(failures, atLeast) {
    const exponential = Math.min(BACKOFF_MAX, BACKOFF_BASE * Math.pow(2, failures - 1));
    const jittered = exponential * (0.5 + Math.random()); // spread retries of many pages apart
    return Math.max(Math.min(jittered, BACKOFF_MAX), atLeast || 0);
  }

  /** Sends batches one at a time until the queue is empty or an attempt fails. */
  async function send() {
    if (state.sending.length || !state.writeKey) return;
    if (!state.queue.length) return settleDrains(true);
    if (Date.now() < state.retryAt) return schedule(0);

    let maxMessages = MAX_BATCH_MESSAGES;
    while (state.queue.length) {
      const batch = takeBatch(MAX_BATCH_BYTES, maxMessages);
      state.sending = batch;
      const result = await post(batch);
      state.sending = [];
      if (result.outcome === 'split') {
        state.queue = batch.concat(state.queue);
        maxMessages = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      if (result.outcome === 'retry') {
        state.queue = batch.concat(state.queue);
        state.failures += 1;
        state.retryAt = Date.now() + backoff(state.failures, result.wait);
        persist();
        schedule(0);
        return settleDrains(false);
      }
      // Sent, or refused for good (a retry would be refused again): either way it leaves storage.
      for (const m of batch) state.acknowledged.add(m.messageId);
      state.failures = 0;
      state.retryAt = 0;
      persist();
    }
    settleDrains(true);
  }

  function settleDrains(ok) {
    const drains = state.drains;
    state.drains = [];
    for (const resolve of drains) resolve(ok);
  }

  /**
   * The page is going away or being hidden: hand what is waiting to sendBeacon, which the browser
   * delivers after the page is gone. Its result cannot be read, so those messages stay in storage
   * and are sent again by the next page load; the server keeps one of each messageId.
   */
  function sendBeacons() {
    if (!state.writeKey || !state.queue.length) return;
    if (typeof navigator.sendBeacon !== 'function') {
      send();
      return;
    }
    while (state.queue.length) {
      // Plain text needs no CORS preflight, and beacons cannot carry headers: the key is in the body.
      const batch = takeBatch(KEEPALIVE_BYTES - 200, MAX_BATCH_MESSAGES);
      let queued = false;
      try {
        queued = navigator.sendBeacon(state.host + '/v1/batch', envelope(batch));
      } catch (e) {
        queued = false;
      }
      if (!queued) {
        state.queue = batch.concat(state.queue);
        break;
      }
    }
  }

  // ---- The public API ----

  function hostOf(src) {
    try {
      return new URL(src, location.href).origin;
    } catch (e) {
      return null;
    }
  }

  const script = document.currentScript ||
    document.querySelector('script[data-write-key][src*="tern.js"]');
  const scriptHost = script && script.src ? hostOf(script.src) : null;

  const tern = {
    VERSION: VERSION,

    /** Names the write key and, optionally, the Tern host (default: where tern.js came from). */
    init(writeKey, options) {
      if (!writeKey || typeof writeKey !== 'string') {
        warn('init needs a write key');
        return tern;
      }
      if (state.writeKey) {
        if (state.writeKey !== writeKey) warn('already initialised with another write key');
        return tern;
      }
      const host = (options && options.host) || scriptHost || location.origin;
      state.writeKey = writeKey;
      state.host = String(host).replace(/\/+$/, '');
      if (state.queue.length) schedule(0); // a previous page's, or calls made before init
      return tern;
    },

    track(event, properties) {
      if (!event || typeof event !== 'string') {
        warn('track needs an event name');
        return tern;
      }
      enqueue(message('track', { event: event, properties: isObject(properties) ? properties : {} }));
      return tern;
    },

    /** identify(userId, traits) or identify(traits) for the current visitor. */
    identify(id, traits) {
      if (isObject(id) && traits === undefined) {
        traits = id;
        id = null;
      }
      if (id !== null && id !== undefined && id !== '') {
        id = String(id);
        const previous = userId();
        // Another user on this browser (no reset() at log-out): a new anonymous id, so that the
        // two users are not linked through the one they shared.
        if (previous && previous !== id) writeIdentifier(KEYS.anonymousId, uuid());
        writeIdentifier(KEYS.userId, id);
      }
      enqueue(message('identify', { userId: id || userId() || undefined, traits: isObject(traits) ? traits : {} }));
      return tern;
    },

    /** page(properties), page(name, properties), or page() for the current page. */
    page(name, properties) {
      if (isObject(name)) {
        properties = name;
        name = null;
      }
      const current = pageContext();
      const defaults = {};
      // Only what has a value: an empty referrer is no URL.
      for (const key of ['url', 'path', 'title', 'referrer']) {
        if (current[key]) defaults[key] = current[key];
      }
      const fields = { properties: Object.assign(defaults, isObject(properties) ? properties : {}) };
      if (typeof name === 'string' && name) fields.name = name;
      enqueue(message('page', fields));
      return tern;
    },

    /** Links `previousId` (default: the current user id, or else the anonymous id) to `userId`. */
    alias(newUserId, previousId) {
      if (newUserId === null || newUserId === undefined || newUserId === '') {
        warn('alias needs a user id');
        return tern;
      }
      const previous = previousId || userId() || anonymousId();
      enqueue(message('alias', { userId: String(newUserId), previousId: String(previous) }));
      return tern;
    },

    /** Forgets the user (on log-out): a new anonymous id, no user id. Unsent events are still sent. */
    reset() {
      writeIdentifier(KEYS.userId, null);
      writeIdentifier(KEYS.anonymousId, uuid());
      return tern;
    },

    /** Sends what is waiting now; resolves to true once the queue is empty, false if an attempt failed. */
    flush() {
      return new Promise((resolve) => {
        if (!state.writeKey) return resolve(false);
        state.drains.push(resolve);
        state.retryAt = 0;
        if (state.timer !== null) {
          clearTimeout(state.timer);
          state.timer = null;
        }
        send();
      });
    },

    anonymousId: anonymousId,
    userId: userId,
  };

  // ---- Start: take over from the queue stub, then replay what it kept ----

  const stub = window.tern;
  if (stub && !Array.isArray(stub) && typeof stub.track === 'function' && stub.VERSION) {
    return; // already loaded on this page
  }
  window.tern = tern;

  const pending = Array.isArray(stub) ? stub.slice() : [];
  const explicitInit = pending.some((call) => call && call[0] === 'init');
  const scriptKey = script && script.getAttribute('data-write-key');
  if (scriptKey && !explicitInit) {
    tern.init(scriptKey, { host: script.getAttribute('data-host') || scriptHost });
  }
  for (const call of pending) {
    if (!call || typeof tern[call[0]] !== 'function') continue;
    try {
      tern[call[0]].apply(tern, call.slice(1));
    } catch (e) {
      warn('queued ' + call[0] + ' failed', e);
    }
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') sendBeacons();
    else schedule(0);
  });
  window.addEventListener('pagehide', sendBeacons);
  window.addEventListener('online', () => {
    state.retryAt = 0;
    schedule(0);
  });
})();

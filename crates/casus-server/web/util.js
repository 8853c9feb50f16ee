// Shared helpers of the workbench: the API client, a small DOM builder, URL state.

/** An error answered by the API: `{"error": {"code", "message", "field"}}`. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** Calls the JSON API. `body` (an object) makes it a POST unless `method` says otherwise. */
export async function api(path, { method, body, signal } = {}) {
  const init = { method: method || (body === undefined ? 'GET' : 'POST'), headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', `The server did not answer (${e.message}). Is \`casus serve\` still running?`);
  }
  const lib = res.headers.get('Casus-Library');
  if (lib) setLibrary(lib);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = data && data.error;
    throw new ApiError(res.status, err ? err.code : 'http', err ? err.message : `${res.status} ${res.statusText}: ${text.slice(0, 300)}`, err ? err.field : null);
  }
  return { status: res.status, data };
}

/** GET or POST and return only the body. */
export async function apiData(path, opts) {
  return (await api(path, opts)).data;
}

function setLibrary(lib) {
  const el = document.querySelector('[data-testid="library-hash"]');
  if (el && el.dataset.lib !== lib) {
    el.dataset.lib = lib;
    el.textContent = 'library ' + lib.replace(/^sha256:/, '').slice(0, 12);
    el.title = 'The library the server evaluates against: ' + lib;
  }
}

let libraryPromise = null;
/** `GET /v1/library`, fetched once. */
export function getLibrary() {
  if (!libraryPromise) {
    libraryPromise = apiData('/v1/library').catch((e) => { libraryPromise = null; throw e; });
  }
  return libraryPromise;
}

/**
 * Builds an element: `h('button', {class: 'x', onclick: f, dataset: {testid: 'y'}}, 'text', child)`.
 * Attributes named `on…` are event listeners; `dataset`, `style` (object) are applied as such;
 * `null`, `undefined` and `false` attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k === 'testid') el.setAttribute('data-testid', v);
      else if (k in el && !tag.startsWith('svg:') && k !== 'list' && k !== 'form') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field: `field('Date', input)`. */
export function field(label, control, cls) {
  return h('label', { class: cls }, h('span', null, label), control);
}

export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Says something to screen readers. */
export function announce(text) {
  const el = document.getElementById('announce');
  if (el) {
    el.textContent = '';
    setTimeout(() => { el.textContent = text; }, 30);
  }
}

/** Parses `#/view?a=1&b=2` → `{view, params}`. */
export function parseHash(hash) {
  const h = (hash || '').replace(/^#\/?/, '');
  const i = h.indexOf('?');
  const view = decodeURIComponent(i < 0 ? h : h.slice(0, i)) || '';
  const params = {};
  if (i >= 0) {
    for (const [k, v] of new URLSearchParams(h.slice(i + 1))) params[k] = v;
  }
  return { view, params };
}

/** Writes the view's state into the URL without reloading the view. Empty values are left out. */
export function setParams(view, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString().replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%3A/gi, ':');
  const url = '#/' + view + (s ? '?' + s : '');
  if (location.hash !== url) history.replaceState(null, '', url);
}

/** An error shown in place, with the API's message and the field it names. */
export function errorBox(e, testid = 'error') {
  const msg = e instanceof ApiError && e.field ? `${e.message} (field: ${e.field})` : e.message || String(e);
  return h('div', { class: 'error-box', role: 'alert', testid }, msg);
}

export const LEVELS = ['none', 'assurance', 'consult', 'discretionary', 'obligatory', 'automatic'];

/** Rank of a compare cell, for sorting: strength first, a definite verdict above an indeterminate one. */
export function cellRank(cell) {
  if (!cell) return -1;
  if (cell.verdict === 'not_in_force') return -0.5;
  const lvl = LEVELS.indexOf(cell.level === 'consultation' ? 'consult' : cell.level);
  return lvl * 2 + (cell.verdict === 'indeterminate' ? 0 : 1);
}

export const VERDICT_WORDS = {
  triggered: 'triggered',
  not_triggered: 'not triggered',
  indeterminate: 'indeterminate',
  violated: 'violated',
  not_in_force: 'not in force',
};

export function verdictBadge(v) {
  return h('span', { class: 'badge v-' + v }, VERDICT_WORDS[v] || v);
}

/** Today as YYYY-MM-DD (local). */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function isDate(s) {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z'));
}

/** Reads a Server-Sent Events stream with the browser's EventSource; returns it. */
export function events(url, handlers) {
  const es = new EventSource(url);
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (ev) => {
      let data = ev.data;
      try { data = JSON.parse(ev.data); } catch { /* keep text */ }
      fn(data, ev);
    });
  }
  return es;
}

/** One verdict's full reasoning: trace with clause, guarantors, obligations, unknowns. */
export function verdictDetails(v, { open = true } = {}) {
  const id = `${v.treaty}/${v.commitment}`;
  return h('section', { class: 'verdict-block', testid: `verdict-detail-${v.treaty}-${v.commitment}`, dataset: { verdict: v.verdict } },
    h('h3', null, v.title || v.commitment, ' ', verdictBadge(v.verdict)),
    h('p', { class: 'note' }, h('code', null, id), v.clause ? ` — clause: ${v.clause}` : '', ` — ${v.kind}`,
      v.beneficiary ? ` — beneficiary ${v.beneficiary}` : ''),
    v.guarantors && v.guarantors.length
      ? h('p', null, h('strong', null, v.verdict === 'violated' ? 'Broken by: ' : 'Guarantors: '),
        h('span', { class: 'codes', testid: 'guarantors' }, v.guarantors.join(' ')),
        v.strength ? ` — strongest owed: ${v.strength}` : '', v.deadline ? `, within ${v.deadline}` : '')
      : null,
    v.obligations && v.obligations.length
      ? h('div', { testid: 'obligations-owed' }, h('strong', null, 'What each guarantor owes'),
        h('ul', null, v.obligations.map((o) => h('li', null, `“${o.text}”`, ' ',
          h('span', { class: 'badge' }, o.strength), o.deadline ? ` within ${o.deadline}` : '',
          o.constitutional_processes ? ' (through their constitutional processes)' : ''))))
      : null,
    v.unknowns && v.unknowns.length
      ? h('div', { testid: 'unknowns' }, h('strong', null, 'Unknowns'),
        h('ul', null, v.unknowns.map((u) => h('li', null, h('code', null, u.input), `: if settled for the commitment → ${VERDICT_WORDS[u.if_true] || u.if_true}; against → ${VERDICT_WORDS[u.if_false] || u.if_false}`))))
      : null,
    v.trace && v.trace.length
      ? h('details', { open },
        h('summary', null, `Trace: ${v.trace.length} condition${v.trace.length === 1 ? '' : 's'}`),
        h('table', { class: 'trace', testid: 'trace' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'condition'), h('th', { scope: 'col' }, 'result'), h('th', { scope: 'col' }, 'why'), h('th', { scope: 'col' }, 'clause / source'))),
          h('tbody', null, v.trace.map((t) => h('tr', null,
            h('td', null, t.condition),
            h('td', { class: 'r-' + t.result }, t.result),
            h('td', null, t.note || ''),
            h('td', null, t.source || ''))))))
      : null,
  );
}

const scripts = new Map();
/** Loads a vendored UMD script once (d3 only where a view draws: the first page stays small). */
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const el = document.createElement('script');
      el.src = src;
      el.onload = () => resolve();
      el.onerror = () => { scripts.delete(src); reject(new Error(`could not load ${src}`)); };
      document.head.append(el);
    }));
  }
  return scripts.get(src);
}

/** d3 (vendor/d3.min.js), loaded on first use. */
export async function d3() {
  await loadScript('vendor/d3.min.js');
  return window.d3;
}

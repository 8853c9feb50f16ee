// Editor: a design in the casus language with live diagnostics (POST /v1/check, debounced),
// formatting (POST /v1/format) and its column of results against the scenarios
// (POST /v1/compare with `only: true`).
import { apiData, getLibrary, h, replace, field, setParams, errorBox, debounce, announce } from './util.js';

const DRAFT = 'casus.editor.draft.';

function levelText(cell) {
  if (cell.verdict === 'not_in_force') return 'not in force';
  if (!cell.level || cell.level === 'none') return 'none';
  return `${cell.level}${cell.verdict === 'indeterminate' ? '?' : ''} ×${cell.guarantors}`;
}

export function createView() {
  let params = {}, lib = null, els = {}, checkSeq = 0, evalSeq = 0, evaluated = false, lastDiagnostics = [];

  function fileName() {
    return (params.design || 'mine') + '.casus';
  }

  function lines() {
    return els.text.value.split('\n').length;
  }

  function renderGutter() {
    const n = lines();
    const marks = new Map();
    for (const d of lastDiagnostics) {
      const last = Math.max(d.line, d.end_line || d.line);
      for (let l = d.line; l <= last; l++) {
        const prev = marks.get(l);
        if (!prev || (prev.severity !== 'error' && d.severity === 'error')) marks.set(l, d);
      }
    }
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= n; i++) {
      const d = marks.get(i);
      const span = document.createElement('span');
      span.textContent = d ? `● ${i}` : String(i);
      span.dataset.line = i;
      if (d) {
        span.className = d.severity === 'error' ? 'err' : 'warn';
        span.title = `${d.code} ${d.message}`;
        span.setAttribute('data-testid', `gutter-mark-${i}`);
      }
      frag.append(span);
    }
    els.gutter.replaceChildren(frag);
    els.gutter.scrollTop = els.text.scrollTop;
  }

  function goTo(d) {
    const ls = els.text.value.split('\n');
    let start = 0;
    for (let i = 0; i < d.line - 1 && i < ls.length; i++) start += ls[i].length + 1;
    start += Math.max(0, (d.column || 1) - 1);
    let end = start;
    if (d.end_line === d.line && d.end_column > d.column) end = start + (d.end_column - d.column);
    els.text.focus();
    els.text.setSelectionRange(start, end);
    // scroll the line into view
    const lh = parseFloat(getComputedStyle(els.text).lineHeight) || 18;
    els.text.scrollTop = Math.max(0, (d.line - 5) * lh);
  }

  async function check() {
    const seq = ++checkSeq;
    const text = els.text.value;
    els.checkStatus.textContent = 'checking…';
    try {
      const res = await apiData('/v1/check', { body: { files: { [fileName()]: text } } });
      if (seq !== checkSeq) return;
      const name = fileName();
      lastDiagnostics = (res.diagnostics || []).filter((d) => !d.file || d.file === name || d.file.endsWith('/' + name));
      const other = (res.diagnostics || []).length - lastDiagnostics.length;
      renderGutter();
      const errs = lastDiagnostics.filter((d) => d.severity === 'error').length;
      const warns = lastDiagnostics.length - errs;
      els.checkStatus.textContent = errs || warns
        ? `${errs} error${errs === 1 ? '' : 's'}, ${warns} warning${warns === 1 ? '' : 's'}`
        : 'no problems';
      els.checkStatus.className = errs ? 'r-false' : 'ok';
      replace(els.diags, lastDiagnostics.map((d) => h('li', { class: d.severity, testid: 'diagnostic', dataset: { line: d.line, column: d.column, code: d.code } },
        h('button', { type: 'button', onclick: () => goTo(d), title: 'Go to the place' },
          h('strong', { testid: 'diagnostic-place' }, `${d.line}:${d.column}`), ' ', h('span', { testid: 'diagnostic-code' }, d.code), ' ', h('span', { testid: 'diagnostic-message' }, d.message)),
        d.hint ? h('span', { class: 'hint' }, 'help: ', d.hint) : null,
        d.field ? h('span', { class: 'hint' }, 'in ', d.field) : null)),
      other > 0 ? h('li', { class: 'warning' }, `${other} more in other files`) : null);
      if (!errs && evaluated && els.live.checked) evaluate();
    } catch (e) {
      if (seq !== checkSeq) return;
      els.checkStatus.textContent = '';
      replace(els.diags, h('li', null, errorBox(e, 'check-error')));
    }
  }
  const checkSoon = debounce(check, 300);

  async function format() {
    try {
      const res = await apiData('/v1/format', { body: { text: els.text.value } });
      if (typeof res.text === 'string' && res.text !== els.text.value) {
        const pos = els.text.selectionStart;
        els.text.value = res.text;
        els.text.setSelectionRange(Math.min(pos, res.text.length), Math.min(pos, res.text.length));
        saveDraft();
        renderGutter();
        check();
        announce('formatted');
      } else announce('already formatted');
      els.formatError.replaceChildren();
    } catch (e) {
      replace(els.formatError, errorBox(e, 'format-error'));
    }
  }

  async function evaluate() {
    evaluated = true;
    const seq = ++evalSeq;
    els.evalStatus.textContent = 'evaluating against the scenarios…';
    els.results.setAttribute('aria-busy', 'true');
    try {
      const res = await apiData('/v1/compare', { body: { designs: [{ name: fileName(), text: els.text.value }], only: true } });
      if (seq !== evalSeq) return;
      const cols = res.designs;
      els.evalStatus.textContent = `${res.scenarios.length} scenarios × ${cols.length} design${cols.length === 1 ? '' : 's'} in this file`;
      replace(els.results, h('table', { class: 'results', testid: 'editor-results' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'scenario'), cols.map((d) => h('th', { scope: 'col' }, d.id)))),
        h('tbody', null, res.scenarios.map((s, r) => h('tr', { testid: 'editor-row-' + s.id },
          h('th', { scope: 'row', style: { fontWeight: 'normal' } }, s.title),
          cols.map((d, c) => {
            const cell = res.cells[r][c];
            return h('td', { class: 'lvl', testid: `editor-cell-${s.id}-${d.id}`, dataset: { verdict: cell.verdict, level: cell.level }, title: (cell.explanation || []).join('\n') },
              h('a', { href: `#/compare?designs=${encodeURIComponent(d.id)}&cell=${encodeURIComponent(s.id + '~' + d.id)}`, title: 'the reasoning, in Compare (the design must be added there)' }, levelText(cell)),
              cell.violated_by && cell.violated_by.length ? h('span', { class: 'violated-mark' }, ' +violated') : null);
          }))))));
      const counts = {};
      for (const row of res.cells) for (const c of row) counts[c.verdict] = (counts[c.verdict] || 0) + 1;
      announce(`evaluated: ${Object.entries(counts).map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ')}`);
    } catch (e) {
      if (seq !== evalSeq) return;
      els.evalStatus.textContent = '';
      replace(els.results, errorBox(e, 'eval-error'));
    } finally {
      els.results.removeAttribute('aria-busy');
    }
  }

  function saveDraft() {
    try { localStorage.setItem(DRAFT + (params.design || 'mine'), els.text.value); } catch { /* ignore */ }
  }

  async function loadDesign(id, { fresh = false } = {}) {
    let text = null;
    if (!fresh) { try { text = localStorage.getItem(DRAFT + id); } catch { /* ignore */ } }
    els.source.textContent = '';
    if (text === null) {
      if (lib.treaties.some((t) => t.id === id)) {
        try {
          const res = await apiData('/v1/treaties/' + encodeURIComponent(id));
          text = res.source;
          els.source.textContent = `from ${res.file}`;
        } catch (e) {
          replace(els.source, errorBox(e));
          text = '';
        }
      } else text = '';
    } else {
      els.source.textContent = 'your draft (kept in this browser)';
    }
    els.text.value = text;
    lastDiagnostics = [];
    renderGutter();
    check();
    if (evaluated) evaluate();
  }

  return {
    async mount(el, p) {
      params = { ...p };
      lib = await getLibrary();
      const designs = lib.treaties.filter((t) => t.design);
      if (!params.design) params.design = (designs[0] || lib.treaties[0]).id;
      setParams('editor', params);
      els.picker = h('select', { testid: 'design-picker', onchange: () => { params.design = els.picker.value; setParams('editor', params); loadDesign(params.design); } },
        h('optgroup', { label: 'Designs (library/designs)' }, designs.map((t) => h('option', { value: t.id }, `${t.name} (${t.id})`))),
        h('optgroup', { label: 'Treaties' }, lib.treaties.filter((t) => !t.design).map((t) => h('option', { value: t.id }, `${t.name} (${t.id})`))),
        h('option', { value: 'mine' }, 'A new file (mine.casus)'));
      els.picker.value = params.design;
      els.gutter = h('div', { class: 'gutter mono', testid: 'gutter', 'aria-hidden': 'true' });
      els.text = h('textarea', { class: 'code', testid: 'editor', spellcheck: false, autocapitalize: 'off', autocomplete: 'off', wrap: 'off', 'aria-label': 'Design source, casus language', 'aria-describedby': 'editor-check-status' });
      els.text.addEventListener('input', () => { renderGutter(); saveDraft(); checkSoon(); });
      els.text.addEventListener('scroll', () => { els.gutter.scrollTop = els.text.scrollTop; });
      els.checkStatus = h('span', { id: 'editor-check-status', testid: 'check-status', role: 'status' });
      els.diags = h('ul', { class: 'diagnostics', testid: 'diagnostics', 'aria-label': 'Diagnostics' });
      els.results = h('div', { testid: 'editor-results-box' });
      els.evalStatus = h('p', { class: 'note', role: 'status' });
      els.source = h('span', { class: 'note' });
      els.formatError = h('div');
      els.live = h('input', { type: 'checkbox', checked: true, testid: 'live-eval' });
      replace(el,
        h('h1', null, 'Edit a design'),
        h('div', { class: 'toolbar no-print' },
          field('Start from', els.picker),
          h('button', { type: 'button', testid: 'format', onclick: format }, 'Format'),
          h('button', { type: 'button', testid: 'revert', onclick: () => loadDesign(params.design, { fresh: true }) }, 'Revert to the built-in text'),
          h('button', { type: 'button', class: 'primary', testid: 'evaluate-scenarios', onclick: evaluate }, 'Evaluate against the scenarios'),
          h('label', { class: 'inline' }, els.live, 'keep evaluating as I type')),
        els.formatError,
        h('div', { class: 'editor-grid' },
          h('div', null,
            h('p', { class: 'note' }, h('code', null, fileName()), ' ', els.source, ' — checked beside the built-in regions (a design may name ', h('code', null, 'UA-30'), ') as you type.'),
            h('div', { class: 'code-box' }, els.gutter, els.text)),
          h('div', null,
            h('h2', null, 'Diagnostics ', els.checkStatus),
            els.diags,
            h('h2', null, 'Against the scenarios'),
            els.evalStatus,
            els.results)));
      await loadDesign(params.design);
    },
    update(p) {
      if (p.design && p.design !== params.design) {
        params = { ...p };
        els.picker.value = params.design;
        loadDesign(params.design);
      }
    },
    unmount() { checkSoon.cancel(); },
  };
}

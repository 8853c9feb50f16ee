// Compare: designs × scenarios, each cell the strongest obligation a design triggers, with
// the full reasoning in a side panel. POST /v1/compare.
import { apiData, h, replace, field, setParams, errorBox, cellRank, verdictDetails, announce, LEVELS, debounce } from './util.js';

const STORE = 'casus.compare.designs';

function loadUserDesigns() {
  try { return JSON.parse(localStorage.getItem(STORE)) || []; } catch { return []; }
}
function saveUserDesigns(list) {
  try { localStorage.setItem(STORE, JSON.stringify(list)); } catch { /* private mode */ }
}

function levelClass(cell) {
  if (cell.verdict === 'not_in_force') return 'lvl-not_in_force';
  const l = cell.level === 'consultation' ? 'consult' : cell.level;
  return 'lvl-' + l + (cell.verdict === 'indeterminate' ? ' indeterminate' : '');
}

function cellText(cell) {
  if (cell.verdict === 'not_in_force') return 'not in force';
  const lvl = cell.level || 'none';
  let t = lvl === 'none' ? 'none' : `${lvl}${cell.verdict === 'indeterminate' ? '?' : ''} ×${cell.guarantors}`;
  return t;
}

function pct(x) {
  return x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`;
}

export function createView() {
  let root, params = {}, data = null, userDesigns = loadUserDesigns(), fetchKey = null, controller = null;
  let els = {};

  function state() {
    return {
      designs: params.designs || '',
      hide: params.hide || '',
      sort: params.sort || '',
      filter: params.filter || '',
      cell: params.cell || '',
      mc: params.mc || '',
      seed: params.seed || '',
    };
  }

  function write() {
    setParams('compare', state());
  }

  async function load() {
    const s = state();
    const body = {};
    const ids = s.designs ? s.designs.split(',').filter(Boolean) : [];
    const mine = userDesigns.map((d) => ({ name: d.name, text: d.text }));
    if (ids.length) { body.designs = [...ids, ...mine]; body.only = true; }
    else if (mine.length) body.designs = mine;
    const runs = parseInt(s.mc, 10);
    if (runs > 0) body.simulate = { runs, seed: parseInt(s.seed, 10) || 1 };
    const key = JSON.stringify(body);
    if (key === fetchKey && data) { render(); return; }
    fetchKey = key;
    if (controller) controller.abort();
    controller = new AbortController();
    els.status.textContent = runs > 0 ? `Comparing, with ${runs} Monte Carlo runs per cell…` : 'Comparing…';
    els.matrixBox.setAttribute('aria-busy', 'true');
    try {
      data = await apiData('/v1/compare', { body, signal: controller.signal });
      els.error.replaceChildren();
      els.status.textContent = `${data.scenarios.length} scenarios × ${data.designs.length} designs${runs > 0 ? `, ${runs} runs per cell (seed ${body.simulate.seed})` : ''}.`;
      render();
      announce(els.status.textContent);
    } catch (e) {
      if (e.name === 'AbortError') return;
      fetchKey = null;
      replace(els.error, errorBox(e, 'compare-error'));
      els.status.textContent = '';
    } finally {
      els.matrixBox.removeAttribute('aria-busy');
    }
  }

  function rows() {
    const s = state();
    const f = s.filter.trim().toLowerCase();
    let idx = data.scenarios.map((sc, i) => i);
    if (f) idx = idx.filter((i) => (data.scenarios[i].title + ' ' + data.scenarios[i].id).toLowerCase().includes(f));
    if (s.sort === 'title') idx.sort((a, b) => data.scenarios[a].title.localeCompare(data.scenarios[b].title));
    else if (s.sort.startsWith('design:') || s.sort.startsWith('design-asc:')) {
      const asc = s.sort.startsWith('design-asc:');
      const col = data.designs.findIndex((d) => d.id === s.sort.slice(s.sort.indexOf(':') + 1));
      if (col >= 0) idx.sort((a, b) => ((cellRank(data.cells[b][col]) - cellRank(data.cells[a][col])) * (asc ? -1 : 1)) || a - b);
    }
    return idx;
  }

  function columns() {
    const hidden = new Set(state().hide.split(',').filter(Boolean));
    return data.designs.map((d, i) => i).filter((i) => !hidden.has(data.designs[i].id));
  }

  function render() {
    if (!data) return;
    renderControls();
    const cols = columns();
    const rs = rows();
    const s = state();
    const [selScen, selDesign] = s.cell.split('~');
    const table = h('table', { class: 'matrix', testid: 'matrix', role: 'grid', 'aria-label': 'Designs × scenarios', 'aria-rowcount': rs.length + 1 },
      h('caption', { class: 'visually-hidden' }, 'Each cell: the strongest obligation the design triggers for the scenario and how many guarantors owe it. Select a cell for its reasoning.'),
      h('thead', null, h('tr', null,
        h('th', { class: 'corner', scope: 'col' }, 'scenario \\ design'),
        cols.map((c) => {
          const d = data.designs[c];
          return h('th', { scope: 'col', testid: 'design-' + d.id, title: `${d.name} (${d.id}, ${d.status})` },
            d.name, h('span', { class: 'id' }, d.id + (userDesigns.some((u) => u.id === d.id) ? ' · yours' : '')));
        }))),
      h('tbody', null, rs.map((r, ri) => {
        const sc = data.scenarios[r];
        return h('tr', { testid: 'row-' + sc.id },
          h('th', { scope: 'row', title: sc.id }, sc.title, h('span', { class: 'id' }, sc.id)),
          cols.map((c, ci) => {
            const cell = data.cells[r][c];
            const d = data.designs[c];
            const selected = sc.id === selScen && d.id === selDesign;
            const violated = cell.violated_by && cell.violated_by.length;
            const hasSim = cell.p_guarantor_enters !== undefined && cell.p_guarantor_enters !== null;
            return h('td', { role: 'gridcell' }, h('button', {
              type: 'button',
              class: 'cell ' + levelClass(cell),
              testid: `cell-${sc.id}-${d.id}`,
              dataset: { scenario: sc.id, design: d.id, verdict: cell.verdict, level: cell.level, row: ri, col: ci },
              'aria-pressed': selected ? 'true' : 'false',
              'aria-label': `${sc.title}, ${d.name}: ${cellText(cell)}${violated ? ', violated by ' + cell.violated_by.join(' ') : ''}`,
              title: (cell.explanation || []).join('\n'),
              tabindex: '-1',
              onclick: () => select(sc.id, d.id, true),
            }, cellText(cell), violated ? h('span', { class: 'violated-mark' }, ' +violated') : null,
            hasSim ? h('span', { class: 'sim', testid: 'sim-share' }, `(${pct(cell.p_guarantor_enters)} / ${pct(cell.p_wider_war)})`) : null));
          }));
      })));
    table.addEventListener('keydown', onGridKey);
    replace(els.matrixBox, rs.length ? table : h('p', { class: 'note', testid: 'matrix-empty' }, 'No scenario matches the filter.'));
    // roving tab stop: the selected cell, or the first
    const first = table.querySelector('button.cell[aria-pressed="true"]') || table.querySelector('button.cell');
    if (first) first.tabIndex = 0;
    renderPanel();
  }

  function onGridKey(ev) {
    const b = ev.target.closest('button.cell');
    if (!b) return;
    let r = +b.dataset.row, c = +b.dataset.col;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (ev.key in moves) { r += moves[ev.key][0]; c += moves[ev.key][1]; }
    else if (ev.key === 'Home') c = 0;
    else if (ev.key === 'End') c = 1e9;
    else return;
    ev.preventDefault();
    const btns = els.matrixBox.querySelectorAll('button.cell');
    const nrows = els.matrixBox.querySelectorAll('tbody tr').length;
    const ncols = btns.length / Math.max(1, nrows);
    r = Math.max(0, Math.min(nrows - 1, r));
    c = Math.max(0, Math.min(ncols - 1, c));
    const next = btns[r * ncols + c];
    if (next) {
      for (const x of btns) x.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    }
  }

  function select(scen, design, fromClick) {
    params.cell = `${scen}~${design}`;
    write();
    for (const b of els.matrixBox.querySelectorAll('button.cell')) {
      const on = b.dataset.scenario === scen && b.dataset.design === design;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      if (on) { for (const x of els.matrixBox.querySelectorAll('button.cell')) x.tabIndex = -1; b.tabIndex = 0; }
    }
    renderPanel();
    if (fromClick) {
      const hd = els.panel.querySelector('h2');
      if (hd) announce(hd.textContent);
    }
  }

  function renderPanel() {
    const [scen, design] = state().cell.split('~');
    const r = data.scenarios.findIndex((s) => s.id === scen);
    const c = data.designs.findIndex((d) => d.id === design);
    if (r < 0 || c < 0) {
      els.layout.classList.add('closed');
      els.panel.hidden = true;
      return;
    }
    els.layout.classList.remove('closed');
    els.panel.hidden = false;
    const cell = data.cells[r][c];
    const d = data.designs[c];
    const sc = data.scenarios[r];
    replace(els.panel,
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close the reasoning', onclick: () => { params.cell = ''; write(); renderPanel(); } }, '×'),
      h('h2', { testid: 'reasoning-title' }, `${sc.title} × ${d.name}`),
      h('p', { class: 'note' }, h('code', null, sc.id), ' × ', h('code', null, d.id), ` (${d.status})`),
      h('p', null, h('strong', null, 'Cell: '), h('span', { class: 'badge ' + levelClass(cell), testid: 'reasoning-cell' }, cellText(cell)),
        cell.violated_by && cell.violated_by.length ? h('span', { class: 'violated-mark' }, ` violated by ${cell.violated_by.join(' ')}`) : null,
        cell.p_guarantor_enters !== undefined && cell.p_guarantor_enters !== null
          ? h('span', null, ` — Monte Carlo: a guarantor enters in ${pct(cell.p_guarantor_enters)} of runs, the war widens in ${pct(cell.p_wider_war)}`)
          : null),
      cell.explanation && cell.explanation.length ? h('ul', { testid: 'explanation' }, cell.explanation.map((x) => h('li', null, x))) : null,
      h('h2', null, `The design's commitments (${(cell.verdicts || []).length})`),
      (cell.verdicts || []).map((v) => verdictDetails(v, { open: v.verdict !== 'not_in_force' })),
      !cell.verdicts ? h('p', { class: 'note' }, 'The server sent no verdicts for this cell.') : null,
    );
  }

  function renderControls() {
    const s = state();
    // sort options
    const sortSel = els.sort;
    const cur = s.sort;
    replace(sortSel,
      h('option', { value: '' }, 'library order'),
      h('option', { value: 'title' }, 'scenario title (A–Z)'),
      h('optgroup', { label: 'strongest first in column' }, data.designs.map((d) => h('option', { value: 'design:' + d.id }, d.name))),
      h('optgroup', { label: 'weakest first in column' }, data.designs.map((d) => h('option', { value: 'design-asc:' + d.id }, d.name))));
    sortSel.value = cur;
    // hide designs
    const hidden = new Set(s.hide.split(',').filter(Boolean));
    replace(els.hideList, data.designs.map((d) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', checked: !hidden.has(d.id), testid: 'show-' + d.id, onchange: (ev) => {
        if (ev.target.checked) hidden.delete(d.id); else hidden.add(d.id);
        params.hide = [...hidden].join(',');
        write(); render();
      } }), d.name)));
    els.hideSummary.textContent = hidden.size ? `Designs shown: ${data.designs.length - hidden.size} of ${data.designs.length}` : `Designs shown: all ${data.designs.length}`;
    // user designs
    replace(els.mine, userDesigns.length
      ? h('ul', { testid: 'my-designs' }, userDesigns.map((u, i) => h('li', null, h('code', null, u.id || u.name), ' ',
        h('button', { type: 'button', onclick: () => { userDesigns.splice(i, 1); saveUserDesigns(userDesigns); load(); } }, 'remove'))))
      : null);
  }

  async function addDesign() {
    const text = els.addText.value;
    if (!text.trim()) { els.addText.focus(); return; }
    const m = /^\s*treaty\s+([A-Za-z0-9_-]+)/m.exec(text);
    const id = m ? m[1] : null;
    const name = (id || 'mine') + '.casus';
    // check it first, for diagnostics with their lines
    try {
      const res = await apiData('/v1/check', { body: { files: { [name]: text } } });
      const errs = (res.diagnostics || []).filter((d) => d.severity === 'error');
      if (errs.length) {
        replace(els.addError, h('div', { class: 'error-box', role: 'alert', testid: 'add-design-error' },
          `${errs.length} error${errs.length > 1 ? 's' : ''}: `, h('ul', null, errs.slice(0, 8).map((d) => h('li', null, `${d.line}:${d.column} ${d.code} ${d.message}`)))));
        return;
      }
    } catch (e) {
      replace(els.addError, errorBox(e, 'add-design-error'));
      return;
    }
    els.addError.replaceChildren();
    const i = userDesigns.findIndex((u) => u.name === name);
    if (i >= 0) userDesigns.splice(i, 1);
    userDesigns.push({ name, text, id });
    saveUserDesigns(userDesigns);
    els.addText.value = '';
    if (state().designs && id && !state().designs.split(',').includes(id)) {
      // an explicit column list: the new design joins it
    }
    await load();
  }

  return {
    async mount(el, p) {
      root = el;
      params = { ...p };
      const s = state();
      els.filter = h('input', { type: 'search', value: s.filter, placeholder: 'e.g. Kyiv', testid: 'scenario-filter' });
      els.filter.addEventListener('input', debounce(() => { params.filter = els.filter.value; write(); render(); }, 150));
      els.sort = h('select', { testid: 'sort', onchange: () => { params.sort = els.sort.value; write(); render(); } });
      els.hideList = h('div', { testid: 'hide-designs-list' });
      els.hideSummary = h('summary', { class: 'button' }, 'Designs shown');
      els.mc = h('input', { type: 'checkbox', checked: parseInt(s.mc, 10) > 0, testid: 'monte-carlo' });
      els.runs = h('input', { type: 'number', min: 1, max: 100000, value: parseInt(s.mc, 10) > 0 ? s.mc : 200, testid: 'mc-runs', 'aria-label': 'Monte Carlo runs per cell' });
      els.seed = h('input', { type: 'number', min: 0, value: s.seed || 1, testid: 'mc-seed', 'aria-label': 'Monte Carlo seed' });
      const mcChange = () => { params.mc = els.mc.checked ? String(Math.max(1, parseInt(els.runs.value, 10) || 200)) : ''; params.seed = els.mc.checked ? els.seed.value : ''; write(); load(); };
      els.mc.addEventListener('change', mcChange);
      els.runs.addEventListener('change', () => { if (els.mc.checked) mcChange(); });
      els.seed.addEventListener('change', () => { if (els.mc.checked) mcChange(); });
      els.status = h('p', { class: 'note', testid: 'compare-status', role: 'status' });
      els.error = h('div');
      els.matrixBox = h('div', { class: 'matrix-wrap' });
      els.panel = h('aside', { class: 'panel', testid: 'reasoning', 'aria-label': 'Reasoning of the selected cell', hidden: true });
      els.layout = h('div', { class: 'with-panel closed' }, h('div', null, els.matrixBox), els.panel);
      els.addText = h('textarea', { class: 'code', rows: 10, cols: 80, testid: 'add-design', 'aria-label': 'A design in the casus language', spellcheck: false,
        placeholder: 'treaty ua-mine "My guarantee" {\n    status proposed\n    …\n}' });
      els.addError = h('div');
      els.mine = h('div');
      replace(root,
        h('h1', null, 'Compare guarantee designs'),
        h('p', { class: 'note' }, 'Each cell is the strongest obligation the design triggers in the scenario, and how many guarantors owe it. Designs are evaluated as if in force. Select a cell (click, or Enter on it; arrow keys move between cells) for the reasoning.'),
        h('div', { class: 'toolbar no-print' },
          field('Filter scenarios', els.filter),
          field('Sort rows by', els.sort),
          h('details', { class: 'hide-designs' }, els.hideSummary, els.hideList),
          h('label', { class: 'inline' }, els.mc, 'Monte Carlo'),
          field('runs per cell', els.runs),
          field('seed', els.seed)),
        h('ul', { class: 'legend', testid: 'legend', 'aria-label': 'Legend' },
          LEVELS.map((l) => h('li', null, h('span', { class: 'swatch lvl-' + l }), l)),
          h('li', null, h('span', { class: 'swatch lvl-discretionary indeterminate' }), '? = indeterminate (owed if the unknowns go the design\'s way)'),
          h('li', null, h('span', { class: 'violated-mark' }, '+violated'), ' = the attack breaks the design\'s own pledge'),
          h('li', null, h('span', { class: 'swatch lvl-not_in_force' }), 'not in force'),
          h('li', null, '(p / q) = Monte Carlo: a guarantor enters / the war widens')),
        els.status, els.error, els.layout,
        h('details', { class: 'no-print', testid: 'add-design-box' },
          h('summary', null, 'Add a design beside the built-in ones'),
          h('p', { class: 'note' }, 'Paste a treaty in the casus language. A design with the id of a built-in design replaces it. Your designs stay in this browser (local storage) and are sent with every comparison.'),
          els.addText, els.addError,
          h('p', null, h('button', { type: 'button', class: 'primary', testid: 'add-design-button', onclick: addDesign }, 'Add and compare')),
          els.mine));
      await load();
    },
    update(p) {
      const before = JSON.stringify([params.designs, params.mc, params.seed]);
      params = { ...p };
      els.filter.value = params.filter || '';
      if (before !== JSON.stringify([params.designs, params.mc, params.seed])) load();
      else render();
    },
    unmount() { if (controller) controller.abort(); },
  };
}

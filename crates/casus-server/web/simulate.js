// Simulate: a cascade from a scenario. Monte Carlo as a job (POST /v1/simulate), its progress
// from server-sent events; P(belligerent) for every state as bars (all of them: the list
// scrolls, nothing is cut); the most frequent sets of belligerents; and the deterministic
// cascade as a tree.
import { api, apiData, getLibrary, h, replace, field, setParams, errorBox, announce, events } from './util.js';

export function createView() {
  let params = {}, els = {}, lib = null, es = null, job = null;

  function st() {
    return {
      scenario: params.scenario || 'russia-invades-ukraine',
      runs: Math.max(1, Math.min(1000000, Number(params.runs) || 20000)),
      seed: Number.isFinite(Number(params.seed)) && params.seed !== undefined && params.seed !== '' ? Number(params.seed) : 1,
      hyp: params.hyp === '1',
    };
  }
  function write() { setParams('simulate', params); }

  function pct(x) { return `${(Math.round(x * 1000) / 10).toFixed(1)}%`; }

  function bars(m) {
    const sideOf = new Map((m.defender_side || []).map(([s, p]) => [s, p]));
    const rows = m.belligerent;
    const bar = (s, p) => h('div', {
      class: 'bar-fill',
      style: { background: sideOf.has(s) ? '#2f7f5f' : '#c0504d', height: '.8rem', width: `${Math.max(0.5, p * 100)}%` },
      title: sideOf.has(s) ? `on the defender's side in ${pct(sideOf.get(s))} of runs` : 'the attacker or its side',
    });
    return h('div', { class: 'bars', testid: 'sim-bars' },
      h('p', { class: 'note' }, `${rows.length} states became belligerents in at least one run (all shown; the list scrolls). Green: on the defender's side; red: the attacker's.`),
      h('table', { class: 'trace' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'state'), h('th', { scope: 'col' }, 'P(belligerent)'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'bar')))),
        h('tbody', null, rows.map(([s, p]) => h('tr', { testid: 'bar-' + s },
          h('th', { scope: 'row' }, s),
          h('td', null, pct(p)),
          h('td', { style: { width: '60%' } }, bar(s, p)))))));
  }

  function tree(c) {
    // Entries protecting the victim hang under it; entries protecting another state, under that state.
    const by = new Map();
    for (const e of c.entries || []) {
      const k = e.protecting || '';
      if (!by.has(k)) by.set(k, []);
      by.get(k).push(e);
    }
    const seen = new Set();
    const branch = (state) => {
      if (seen.has(state)) return null;
      seen.add(state);
      const kids = by.get(state) || [];
      return kids.length ? h('ul', null, kids.map((e) => h('li', null,
        h('strong', null, e.state), ` joins (${e.side}, round ${e.round}) under `, h('code', null, e.commitment), e.strength ? ` [${e.strength}]` : '',
        branch(e.state)))) : null;
    };
    return h('ul', { class: 'tree', testid: 'cascade-tree' },
      h('li', null, h('strong', null, c.victim), ' attacked', branch(c.victim)));
  }

  function showResult(m, cascade) {
    replace(els.result,
      h('div', { class: 'stats' },
        h('div', { class: 'stat' }, h('strong', null, pct(m.any_guarantor)), 'a guarantor enters'),
        h('div', { class: 'stat' }, h('strong', null, pct(m.wider_war)), 'the war widens'),
        h('div', { class: 'stat' }, h('strong', null, String(m.runs)), `runs, seed ${m.seed}`)),
      h('div', { class: 'sim-grid' },
        h('section', null, h('h2', null, 'P(belligerent)'), bars(m)),
        h('section', null,
          h('h2', null, 'The most frequent sets of belligerents'),
          h('ol', { testid: 'top-cascades' }, (m.top_cascades || []).map(([states, p]) => h('li', null, `${pct(p)}: `, h('span', { class: 'codes' }, states.join(' '))))),
          h('h2', null, 'The deterministic cascade'),
          h('p', { class: 'note' }, 'Every commitment honoured from discretionary up: who joins, under which commitment, round by round.'),
          cascade ? tree(cascade) : h('p', { class: 'note' }, '—'))));
  }

  async function start() {
    const s = st();
    stop(false);
    replace(els.error);
    replace(els.result);
    els.progress.value = 0;
    els.progress.max = s.runs;
    els.progressText.textContent = '0%';
    let cascade = null;
    try {
      cascade = await apiData('/v1/simulate', { body: { scenario: s.scenario, hypothetical: s.hyp } });
      const r = await api('/v1/simulate', { body: { scenario: s.scenario, runs: s.runs, seed: s.seed, hypothetical: s.hyp } });
      job = r.data.job;
    } catch (e) {
      els.error.append(errorBox(e));
      return;
    }
    els.cancel.disabled = false;
    els.start.disabled = true;
    es = events(`/v1/jobs/${job}/events`, {
      progress: (d) => { els.progress.value = d.done; els.progressText.textContent = `${Math.floor((100 * d.done) / d.total)}%`; },
      done: (d) => {
        els.progress.value = d.total;
        els.progressText.textContent = '100%';
        announce('Simulation done');
        finish();
        showResult(d.result, cascade);
      },
      cancelled: () => { els.progressText.textContent = 'cancelled'; finish(); },
    });
    es.onerror = () => { if (es && es.readyState === EventSource.CLOSED) finish(); };
  }

  function finish() {
    if (es) { es.close(); es = null; }
    els.cancel.disabled = true;
    els.start.disabled = false;
  }

  function stop(cancel = true) {
    if (cancel && job) api(`/v1/jobs/${job}`, { method: 'DELETE' }).catch(() => {});
    finish();
  }

  return {
    async mount(el, p) {
      params = { ...p };
      lib = await getLibrary();
      const s = st();
      els.scenario = h('select', { testid: 'sim-scenario', onchange: () => { params.scenario = els.scenario.value; write(); } },
        lib.scenarios.map((x) => h('option', { value: x.id }, `${x.title} (${x.id})`)));
      els.scenario.value = s.scenario;
      els.runs = h('input', { type: 'number', min: 1, max: 1000000, value: s.runs, testid: 'sim-runs', onchange: () => { params.runs = els.runs.value; write(); } });
      els.seed = h('input', { type: 'number', min: 0, value: s.seed, testid: 'sim-seed', onchange: () => { params.seed = els.seed.value; write(); } });
      els.hyp = h('input', { type: 'checkbox', checked: s.hyp, testid: 'sim-hypothetical', onchange: () => { params.hyp = els.hyp.checked ? '1' : ''; write(); } });
      els.start = h('button', { type: 'button', class: 'primary', testid: 'sim-start', onclick: start }, 'Run');
      els.cancel = h('button', { type: 'button', testid: 'sim-cancel', disabled: true, onclick: () => stop(true) }, 'Cancel');
      els.progress = h('progress', { testid: 'progress', max: s.runs, value: 0, 'aria-label': 'Runs done' });
      els.progressText = h('span', { testid: 'progress-text', role: 'status' }, '');
      els.error = h('div');
      els.result = h('div', { testid: 'sim-result' });
      replace(el,
        h('h1', null, 'And then what? Cascades'),
        h('div', { class: 'toolbar no-print' }, field('Scenario', els.scenario), field('Runs', els.runs), field('Seed', els.seed),
          h('label', { class: 'inline' }, els.hyp, 'designs as if in force'), els.start, els.cancel),
        h('p', { class: 'note' }, 'Each guarantor honours a due commitment with the default probability of its strength (docs/cascades.md); the same seed gives the same report as `casus simulate --runs N --seed S`.'),
        h('div', { class: 'slider-row' }, els.progress, els.progressText),
        els.error, els.result);
      if (params.run === '1') start();
    },
    update(p) { params = { ...p }; },
    unmount() { stop(true); },
  };
}

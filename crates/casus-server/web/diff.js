// Diff: where two designs part over the whole space of incidents (POST /v1/diff): the
// transition table of outcomes, and for each pair of outcomes where they part, the rules
// that say exactly which incidents, each with a witness incident and both traces.
import { apiData, getLibrary, h, replace, field, setParams, errorBox, announce, isDate, verdictDetails } from './util.js';

export function createView() {
  let params = {}, els = {}, ctl = null;

  function st() {
    return {
      a: params.a || 'ua-own-borders',
      b: params.b || 'ua-own-control-line',
      on: isDate(params.on) ? params.on : '',
    };
  }
  function write() { setParams('diff', params); }

  function outcome(o) {
    if (o.verdict === 'triggered' || o.verdict === 'indeterminate') return `${o.verdict.replace('_', ' ')} (${o.level}, ${o.guarantors})`;
    return o.verdict.replace('_', ' ');
  }

  async function load() {
    const s = st();
    if (ctl) ctl.abort();
    ctl = new AbortController();
    els.status.textContent = `Diffing ${s.a} and ${s.b}…`;
    replace(els.error);
    replace(els.out);
    let d;
    try {
      const body = { a: s.a, b: s.b };
      if (s.on) body.on = s.on;
      d = await apiData('/v1/diff', { body, signal: ctl.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      els.status.textContent = '';
      els.error.append(errorBox(e));
      return;
    }
    const parted = d.differences.reduce((n, x) => n + x.classes, 0);
    els.status.textContent = d.equivalent
      ? `${d.a.id} and ${d.b.id} give the same outcome on every one of ${d.space.classes} classes of incidents.`
      : `${d.a.id} and ${d.b.id} part on ${parted} of ${d.space.classes} classes of incidents, in ${d.differences.length} way${d.differences.length === 1 ? '' : 's'} (${d.space.classes_evaluated} evaluated).`;
    announce(els.status.textContent);
    const table = h('table', { class: 'transitions', testid: 'diff-transitions' },
      h('thead', null, h('tr', null, h('th', null, `A: ${d.a.id}`), h('th', null, `B: ${d.b.id}`), h('th', null, 'classes'))),
      h('tbody', null, d.transitions.map((t) => h('tr', { class: JSON.stringify(t.a) === JSON.stringify(t.b) ? 'same' : 'part' },
        h('td', null, outcome(t.a)), h('td', null, outcome(t.b)), h('td', { class: 'num' }, String(t.classes))))));
    const parts = d.differences.map((x, i) => h('section', { class: 'difference', testid: 'diff-difference' },
      h('h2', null, `${i + 1}. A ${outcome(x.a)} — B ${outcome(x.b)}`),
      h('p', { class: 'note' }, `${x.classes} classes${x.rules_left_out ? `; ${x.rules_left_out} rules more in the JSON` : ''}`),
      x.rules.map((r) => h('div', { class: 'rule', testid: 'diff-rule' },
        h('p', null, h('b', null, 'when '), r.text),
        h('details', null, h('summary', null, 'witness incident and both traces'),
          h('pre', { testid: 'diff-witness' }, r.witness),
          h('h3', null, d.a.id), r.a.map((v) => verdictDetails(v, { open: false })),
          h('h3', null, d.b.id), r.b.map((v) => verdictDetails(v, { open: false })))))));
    replace(els.out, table, parts);
  }

  return {
    async mount(el, p) {
      params = { ...p };
      const s = st();
      const lib = await getLibrary();
      const ids = lib.treaties.map((t) => t.id);
      const pick = (which) => {
        const sel = h('select', { testid: `diff-${which}`, onchange: () => { params[which] = sel.value; write(); load(); } },
          lib.treaties.map((t) => h('option', { value: t.id }, `${t.id}${t.design ? ' (design)' : ''}`)));
        sel.value = ids.includes(s[which]) ? s[which] : ids[0];
        return sel;
      };
      els.a = pick('a');
      els.b = pick('b');
      els.on = h('input', { type: 'date', value: s.on, testid: 'diff-on', min: '1815-01-01', max: '2100-12-31' });
      els.on.addEventListener('change', () => { params.on = isDate(els.on.value) ? els.on.value : ''; write(); load(); });
      els.status = h('p', { class: 'note', role: 'status', testid: 'diff-status' });
      els.error = h('div');
      els.out = h('div');
      replace(el,
        h('h1', null, 'Where two designs part'),
        h('p', { class: 'note' }, 'Every class of incidents the evaluator can tell apart, derived from the two designs\u2019 own conditions; designs are evaluated as if in force. Leave the date empty for every date the designs name.'),
        h('div', { class: 'toolbar no-print' }, field('A', els.a), field('B', els.b), field('Date (optional)', els.on)),
        els.status, els.error, els.out);
      await load();
    },
    update(p) {
      const old = st();
      params = { ...p };
      const s = st();
      els.a.value = s.a; els.b.value = s.b; els.on.value = s.on;
      if (s.a !== old.a || s.b !== old.b || s.on !== old.on) load();
    },
    unmount() { if (ctl) ctl.abort(); },
  };
}

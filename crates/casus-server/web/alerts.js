// Alerts: what `casus watch` stored in the SQLite file the server was given (`--db`), with
// each alert's reasoning, and new ones as they arrive (GET /v1/alerts/stream).
import { apiData, h, replace, field, setParams, errorBox, isDate, events, verdictDetails, ApiError } from './util.js';

export function createView() {
  let params = {}, els = {}, es = null;

  function row(a, fresh) {
    const verdicts = Array.isArray(a.verdicts) ? a.verdicts : [];
    return h('tr', { class: fresh ? 'new' : null, testid: 'alert-' + a.key },
      h('td', null, a.date), h('td', null, a.actor || '?', ' → ', a.target),
      h('td', null, h('code', null, a.code), ' ', a.label),
      h('td', null, a.evidence, ' / ', a.confidence, h('br'), h('span', { class: 'note' }, `${a.sources} sources, ${a.articles} articles`)),
      h('td', null, h('details', null, h('summary', null, (a.commitments || []).join('; ') || a.summary),
        h('p', null, a.summary),
        (a.urls || []).map((u) => h('div', { class: 'note' }, u)),
        verdicts.map((v) => verdictDetails(v, { open: false })))));
  }

  async function load() {
    if (es) { es.close(); es = null; }
    replace(els.error);
    const since = isDate(params.since) ? params.since : '';
    let data;
    try {
      data = await apiData('/v1/alerts' + (since ? `?since=${since}` : ''));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'no_store') {
        replace(els.body);
        els.live.className = 'live-dot off';
        els.error.append(h('div', { class: 'error-box', testid: 'no-store' },
          'This server was started without an alert store. Start it with ', h('code', null, 'casus serve --db alerts.db'),
          ' (the file ', h('code', null, 'casus watch --db'), ' or ', h('code', null, 'casus screen --db'), ' writes) to see alerts here, live.'));
        return;
      }
      els.error.append(errorBox(e));
      return;
    }
    replace(els.body, data.alerts.slice().reverse().map((a) => row(a, false)));
    els.count.textContent = `${data.alerts.length} stored`;
    es = events('/v1/alerts/stream', {
      alert: (a) => {
        els.body.prepend(row(a, true));
        const n = els.body.children.length;
        els.count.textContent = `${n} stored, newest first`;
      },
    });
    els.live.className = 'live-dot';
    es.onerror = () => { els.live.className = 'live-dot off'; };
  }

  return {
    async mount(el, p) {
      params = { ...p };
      els.since = h('input', { type: 'date', value: isDate(params.since) ? params.since : '', testid: 'alerts-since' });
      els.since.addEventListener('change', () => { params.since = els.since.value; setParams('alerts', params); load(); });
      els.live = h('span', { class: 'live-dot off', 'aria-hidden': 'true' });
      els.count = h('span', { class: 'note', role: 'status', testid: 'alerts-count' });
      els.error = h('div');
      els.body = h('tbody');
      replace(el,
        h('h1', null, 'Alerts'),
        h('div', { class: 'toolbar no-print' }, field('Since', els.since), h('span', null, els.live, 'live'), els.count),
        els.error,
        h('table', { class: 'alerts', testid: 'alerts-table' },
          h('thead', null, h('tr', null, ['date', 'who', 'event', 'evidence', 'commitments and reasoning'].map((c) => h('th', { scope: 'col' }, c)))),
          els.body));
      await load();
    },
    update(p) { params = { ...p }; },
    unmount() { if (es) es.close(); },
  };
}

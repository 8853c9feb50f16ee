// Network: the alliance graph of a date (GET /v1/network), laid out with d3-force; click a
// state (or focus it and press Enter) for its obligations (GET /v1/obligations).
import { apiData, h, replace, field, setParams, errorBox, announce, isDate, d3 } from './util.js';

const KINDS = ['any', 'defence', 'offence', 'neutrality', 'non-aggression', 'consultation', 'assurance', 'assistance'];
const COLOURS = ['#3f80c4', '#c0504d', '#2f7f5f', '#8064a2', '#d9822b', '#4bacc6', '#7f6000', '#c55a9c', '#5b6770'];

export function createView() {
  let params = {}, els = {}, sim = null, ctl = null;

  function st() {
    return {
      on: isDate(params.on) ? params.on : '1955-06-01',
      kind: KINDS.includes(params.kind) ? params.kind : 'defence',
      hyp: params.hyp === '1',
      state: params.state || '',
    };
  }
  function write() { setParams('network', params); }

  async function load() {
    const s = st();
    if (ctl) ctl.abort();
    ctl = new AbortController();
    els.status.textContent = `Loading the network of ${s.on}…`;
    replace(els.error);
    let net;
    try {
      net = await apiData(`/v1/network?on=${s.on}&kind=${s.kind}${s.hyp ? '&hypothetical=true' : ''}`, { signal: ctl.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      els.status.textContent = '';
      els.error.append(errorBox(e));
      return;
    }
    const sum = net.summary;
    els.status.textContent = `${s.on} (${net.kinds.join(', ')}): ${sum.nodes} states, ${sum.edges} obligations between ${sum.pairs} ordered pairs, ${sum.components} component${sum.components === 1 ? '' : 's'}.`;
    announce(els.status.textContent);
    await draw(net);
    if (s.state) select(s.state);
  }

  async function draw(net) {
    const D3 = await d3();
    const svg = D3.select(els.svg);
    svg.selectAll('*').remove();
    if (sim) sim.stop();
    const W = 960, H = 640;
    els.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const nodes = net.nodes.map((n) => ({ ...n }));
    // One line per pair of states, whatever the number of commitments between them: the
    // picture stays readable for NATO's 32 and for 1914's blocs.
    const seen = new Set();
    const links = [];
    for (const e of net.edges) {
      const key = e.from < e.to ? `${e.from}|${e.to}` : `${e.to}|${e.from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ source: e.from, target: e.to });
    }
    const g = svg.append('g');
    svg.call(D3.zoom().scaleExtent([0.3, 6]).on('zoom', (ev) => g.attr('transform', ev.transform)));
    const link = g.append('g').selectAll('line').data(links).join('line').attr('class', 'link');
    const node = g.append('g').selectAll('g').data(nodes).join('g')
      .attr('class', 'node').attr('tabindex', 0).attr('role', 'button')
      .attr('data-testid', (d) => 'node-' + d.state)
      .attr('aria-label', (d) => `${d.name} (${d.state}): ${d.degree} partners`)
      .on('click', (_, d) => select(d.state))
      .on('keydown', (ev, d) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(d.state); } });
    node.append('circle').attr('r', (d) => 4 + Math.sqrt(d.degree) * 1.6).attr('fill', (d) => COLOURS[(d.component - 1) % COLOURS.length]);
    node.append('text').attr('dx', 7).attr('dy', 3).text((d) => d.state);
    node.append('title').text((d) => `${d.name} (${d.state}) — owes ${d.out_degree}, owed by ${d.in_degree}, component ${d.component}`);
    const dense = links.length > 4 * nodes.length;
    sim = D3.forceSimulation(nodes)
      .force('link', D3.forceLink(links).id((d) => d.state).distance(dense ? 90 : 60).strength(dense ? 0.05 : 0.3))
      .force('charge', D3.forceManyBody().strength(dense ? -260 : -160))
      .force('collide', D3.forceCollide(16))
      .force('center', D3.forceCenter(W / 2, H / 2))
      .force('x', D3.forceX(W / 2).strength(0.04)).force('y', D3.forceY(H / 2).strength(0.06))
      .stop();
    // Settle before drawing (deterministic, no animation to wait for).
    for (let i = 0; i < 300; i++) sim.tick();
    link.attr('x1', (d) => d.source.x).attr('y1', (d) => d.source.y).attr('x2', (d) => d.target.x).attr('y2', (d) => d.target.y);
    node.attr('transform', (d) => `translate(${d.x},${d.y})`);
    els.svg.dataset.nodes = String(nodes.length);
  }

  async function select(state) {
    params.state = state;
    write();
    for (const n of els.svg.querySelectorAll('.node')) n.classList.toggle('selected', n.dataset.testid === 'node-' + state);
    const s = st();
    replace(els.panel, h('p', { class: 'note' }, `Loading the obligations of ${state}…`));
    els.panel.hidden = false;
    try {
      const o = await apiData(`/v1/obligations?state=${state}&on=${s.on}&kind=${s.kind}${s.hyp ? '&hypothetical=true' : ''}`);
      const owes = o.obligations.filter((r) => r.role === 'owes');
      const owed = o.obligations.filter((r) => r.role === 'owed');
      const list = (rows) => h('ul', null, rows.map((r) => h('li', null,
        h('strong', null, `${r.treaty}/${r.commitment}`), ` ${r.title} `, h('span', { class: 'badge' }, r.kind), r.strength ? h('span', { class: 'badge' }, r.strength) : null,
        h('br'), h('span', { class: 'codes' }, `${r.counterparties.length}: ${r.counterparties.join(' ')}`),
        r.clause ? h('div', { class: 'note' }, 'clause: ', r.clause) : null,
        r.pending ? h('div', { class: 'note' }, 'pending: ', r.pending) : null)));
      replace(els.panel,
        h('h2', null, `${o.state_name} (${o.state}) on ${o.on}`),
        h('h3', null, `Owes (${owes.length})`), owes.length ? list(owes) : h('p', { class: 'note' }, 'nothing'),
        h('h3', null, `Is owed (${owed.length})`), owed.length ? list(owed) : h('p', { class: 'note' }, 'nothing'));
      announce(`${o.state_name}: owes under ${owes.length}, owed under ${owed.length}`);
    } catch (e) {
      replace(els.panel, errorBox(e));
    }
  }

  return {
    async mount(el, p) {
      params = { ...p };
      const s = st();
      els.on = h('input', { type: 'date', value: s.on, testid: 'network-on', min: '1815-01-01', max: '2100-12-31' });
      els.on.addEventListener('change', () => { if (isDate(els.on.value)) { params.on = els.on.value; write(); load(); } });
      els.kind = h('select', { testid: 'network-kind', onchange: () => { params.kind = els.kind.value; write(); load(); } }, KINDS.map((k) => h('option', { value: k }, k)));
      els.kind.value = s.kind;
      els.hyp = h('input', { type: 'checkbox', checked: s.hyp, testid: 'network-hypothetical', onchange: () => { params.hyp = els.hyp.checked ? '1' : ''; write(); load(); } });
      els.status = h('p', { class: 'note', role: 'status', testid: 'network-status' });
      els.error = h('div');
      els.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      els.svg.setAttribute('class', 'network');
      els.svg.setAttribute('data-testid', 'network');
      els.svg.setAttribute('role', 'group');
      els.svg.setAttribute('aria-label', 'The alliance network: each state a node (Tab to reach one, Enter for its obligations), each line a pair of states tied by a commitment');
      els.panel = h('aside', { class: 'panel', testid: 'obligations-panel', hidden: true, 'aria-live': 'polite' });
      replace(el,
        h('h1', null, 'Alliance network'),
        h('div', { class: 'toolbar no-print' }, field('Date', els.on), field('Kind', els.kind),
          h('label', { class: 'inline' }, els.hyp, 'designs as if in force')),
        h('div', { class: 'no-print' }, h('span', { class: 'note' }, 'Examples: '),
          h('a', { href: '#/network?on=1914-08-01&kind=any' }, '1914'), ' · ',
          h('a', { href: '#/network?on=1955-06-01&kind=defence' }, 'NATO 1955'), ' · ',
          h('a', { href: '#/network?on=2024-06-01&kind=defence' }, '2024')),
        els.status, els.error,
        h('div', { class: 'with-panel' }, els.svg, els.panel));
      await load();
    },
    update(p) {
      const old = st();
      params = { ...p };
      const s = st();
      els.on.value = s.on; els.kind.value = s.kind; els.hyp.checked = s.hyp;
      if (s.on !== old.on || s.kind !== old.kind || s.hyp !== old.hyp) load();
      else if (s.state && s.state !== old.state) select(s.state);
    },
    unmount() { if (sim) sim.stop(); if (ctl) ctl.abort(); },
  };
}

// Map: a commitment's coverage on a date (GET /v1/coverage, GeoJSON) over the world
// (world-atlas, Natural Earth 110m), regions under their controller of the date, and an
// incident placed by a click and evaluated (POST /v1/eval).
import { apiData, getLibrary, h, replace, field, setParams, errorBox, debounce, announce, isDate, d3, loadScript, verdictBadge, verdictDetails, VERDICT_WORDS } from './util.js';

const START_YEAR = 1949;
const END_YEAR = 2030;
const W = 960, H = 560;
const COVERAGE_ORDER = ['covered', 'indeterminate', 'not_covered', 'unreached', 'not_in_force'];
const COVERAGE_WORDS = { covered: 'covered', indeterminate: 'indeterminate', not_covered: 'not covered', unreached: 'unreached', not_in_force: 'not in force' };
const OBJECTS = ['territory', 'islands', 'forces', 'vessels', 'aircraft', 'infrastructure', 'population'];
const SEVERITIES = ['threat', 'violation', 'incursion', 'limited-strike', 'armed-attack', 'invasion'];
const DOMAINS = ['land', 'air', 'sea', 'cyber', 'space'];
export const INCIDENT_STORE = 'casus.map.incident';

function monthsOf(date) {
  const [y, m] = date.split('-').map(Number);
  return Math.max(0, Math.min((END_YEAR - START_YEAR + 1) * 12 - 1, (y - START_YEAR) * 12 + (m - 1)));
}
function dateOfMonths(v, day) {
  const y = START_YEAR + Math.floor(v / 12);
  const m = (v % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** d3-geo takes a polygon's exterior ring clockwise; GeoJSON (RFC 7946) writes it anticlockwise. */
function rewind(geometry) {
  if (!geometry) return geometry;
  const fix = (rings) => {
    const poly = { type: 'Polygon', coordinates: rings };
    return window.d3.geoArea(poly) > 2 * Math.PI ? rings.map((r) => r.slice().reverse()) : rings;
  };
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: fix(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(fix) };
  return geometry;
}

export function createView() {
  let params = {}, lib = null, els = {}, world = null, countries = [], codeByNumeric = new Map();
  let svg, gRoot, gCountries, gPlaces, gMarker, projection, path, zoom, transform = null;
  let coverage = null, coverageCtl = null, evalSeq = 0;

  function st() {
    return {
      commitment: params.commitment || 'nato/art5',
      on: isDate(params.on) ? params.on : '2024-01-01',
    };
  }
  function write() {
    setParams('map', params);
  }

  // ---- the world ----------------------------------------------------------------------
  async function drawWorld() {
    const d = await d3();
    await loadScript('vendor/topojson-client.min.js');
    if (!world) {
      const res = await fetch('vendor/countries-110m.json');
      world = await res.json();
    }
    countries = window.topojson.feature(world, world.objects.countries).features;
    for (const s of lib.states) if (s.numeric) codeByNumeric.set(String(s.numeric).padStart(3, '0'), s.code);
    projection = d.geoNaturalEarth1().rotate([-20, 0]).fitExtent([[4, 4], [W - 4, H - 4]], { type: 'Sphere' });
    path = d.geoPath(projection);
    svg = d.select(els.svg);
    svg.selectAll('*').remove();
    svg.append('title').text('World map: the commitment\'s coverage. Click to place an incident.');
    gRoot = svg.append('g');
    gRoot.append('path').datum({ type: 'Sphere' }).attr('class', 'sphere').attr('d', path).attr('fill', 'var(--sea)');
    gRoot.append('path').datum(d.geoGraticule10()).attr('class', 'graticule').attr('d', path);
    gCountries = gRoot.append('g');
    gCountries.selectAll('path').data(countries).join('path')
      .attr('class', 'country')
      .attr('d', path)
      .attr('data-code', (f) => codeByNumeric.get(String(f.id)) || '')
      .on('mousemove', (ev, f) => tip(ev, countryTip(f)))
      .on('mouseleave', () => tip(null));
    gPlaces = gRoot.append('g');
    gMarker = gRoot.append('g');
    zoom = d.zoom().scaleExtent([1, 40]).translateExtent([[-W * 0.2, -H * 0.2], [W * 1.2, H * 1.2]])
      .on('zoom', (ev) => {
        transform = ev.transform;
        gRoot.attr('transform', transform);
        gPlaces.selectAll('circle.place').attr('r', 3.5 / transform.k);
        gMarker.selectAll('circle').attr('r', 6 / transform.k);
        saveZoom();
      });
    svg.call(zoom).on('dblclick.zoom', null);
    svg.on('click', onMapClick);
    // the initial view: Europe and Ukraine, or the one in the URL
    const z = (params.zoom || '').split(',').map(Number);
    const [k, lon, lat] = z.length === 3 && z.every(Number.isFinite) ? z : [5, 27, 49];
    const p = projection([lon, lat]);
    svg.call(zoom.transform, d.zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-p[0], -p[1]));
    window.casusMap = { project: clientPoint, zoomTo };
  }

  const saveZoom = debounce(() => {
    if (!transform || !projection) return;
    const c = projection.invert(transform.invert([W / 2, H / 2]));
    if (!c) return;
    params.zoom = `${transform.k.toFixed(2)},${c[0].toFixed(2)},${c[1].toFixed(2)}`;
    write();
  }, 300);

  function zoomTo(lat, lon, k) {
    const p = projection([lon, lat]);
    svg.call(zoom.transform, window.d3.zoomIdentity.translate(W / 2, H / 2).scale(k || transform.k).translate(-p[0], -p[1]));
  }

  /** Where (lat, lon) is on screen, `[x, y]` in client (CSS pixel) coordinates — used by the browser tests. */
  function clientPoint(lat, lon) {
    const p = transform.apply(projection([lon, lat]));
    const pt = els.svg.createSVGPoint();
    pt.x = p[0];
    pt.y = p[1];
    const c = pt.matrixTransform(els.svg.getScreenCTM());
    return [c.x, c.y];
  }

  function tip(ev, text) {
    if (!ev || !text) { els.tip.style.display = 'none'; return; }
    const box = els.mapBox.getBoundingClientRect();
    els.tip.textContent = text;
    els.tip.style.display = 'block';
    els.tip.style.left = `${Math.min(box.width - 240, ev.clientX - box.left + 12)}px`;
    els.tip.style.top = `${ev.clientY - box.top + 12}px`;
  }

  function countryTip(f) {
    const code = codeByNumeric.get(String(f.id));
    const name = (lib.states.find((s) => s.code === code) || {}).name || f.properties.name;
    const rows = coverage ? (coverage.features || []).filter((x) => x.properties.kind === 'metropolitan' && x.properties.state === code) : [];
    if (!rows.length) return `${name}${code ? ` (${code})` : ''}: not protected by ${st().commitment} on ${st().on}`;
    return rows.map((r) => `${r.properties.name}: ${COVERAGE_WORDS[r.properties.coverage] || r.properties.coverage} — ${r.properties.decided_by || ''}`).join('\n');
  }

  function placeTip(p) {
    const ctl = p.controller || p.state;
    return `${p.name} (${p.place}): ${COVERAGE_WORDS[p.coverage] || p.coverage}` +
      (p.kind === 'region' || p.kind === 'subdivision' ? ` — held by ${ctl}${p.controller ? '' : ' (the sovereign)'} on ${p.on || st().on}` : '') +
      (p.decided_by ? `\n${p.decided_by}` : '');
  }

  // ---- coverage -----------------------------------------------------------------------
  async function loadCoverage() {
    const s = st();
    if (coverageCtl) coverageCtl.abort();
    coverageCtl = new AbortController();
    els.covStatus.textContent = `loading the coverage of ${s.commitment} on ${s.on}…`;
    els.mapBox.setAttribute('aria-busy', 'true');
    try {
      coverage = await apiData(`/v1/coverage?commitment=${encodeURIComponent(s.commitment)}&on=${s.on}`, { signal: coverageCtl.signal });
      els.covError.replaceChildren();
      drawCoverage();
    } catch (e) {
      if (e.name === 'AbortError') return;
      coverage = null;
      drawCoverage();
      replace(els.covError, errorBox(e, 'coverage-error'));
      els.covStatus.textContent = '';
    } finally {
      els.mapBox.removeAttribute('aria-busy');
    }
  }
  const loadCoverageSoon = debounce(loadCoverage, 250);

  function drawCoverage() {
    if (!gCountries) return;
    const s = st();
    const feats = coverage ? coverage.features || [] : [];
    const byState = new Map();
    for (const f of feats) {
      if (f.properties.kind !== 'metropolitan') continue;
      const prev = byState.get(f.properties.state);
      const c = f.properties.coverage;
      if (!prev || COVERAGE_ORDER.indexOf(c) < COVERAGE_ORDER.indexOf(prev)) byState.set(f.properties.state, c);
    }
    gCountries.selectAll('path.country').attr('class', function (f) {
      const code = codeByNumeric.get(String(f.id));
      const c = byState.get(code);
      return 'country' + (c ? ' cov-' + c : '');
    }).attr('data-coverage', (f) => byState.get(codeByNumeric.get(String(f.id))) || null);
    // own shapes: seas under the rest, then subdivisions, then regions; points last
    const rank = { sea: 0, subdivision: 1, region: 2 };
    const shapes = feats.filter((f) => f.geometry && f.geometry.type !== 'Point' && f.geometry.type !== 'MultiPoint')
      .map((f) => ({ ...f, geometry: rewind(f.geometry) }))
      .sort((a, b) => (rank[a.properties.kind] ?? 1) - (rank[b.properties.kind] ?? 1));
    const points = feats.filter((f) => f.geometry && f.geometry.type === 'Point');
    gPlaces.selectAll('*').remove();
    gPlaces.selectAll('path.place').data(shapes).join('path')
      .attr('class', (f) => `place ${f.properties.kind} cov-${f.properties.coverage}` + (f.properties.controller && f.properties.controller !== f.properties.state ? ' held-other' : ''))
      .attr('d', path)
      .attr('data-place', (f) => f.properties.place)
      .attr('data-testid', (f) => f.properties.kind === 'region' ? `region-${f.properties.place}` : null)
      .attr('data-controller', (f) => f.properties.controller || f.properties.state)
      .on('mousemove', (ev, f) => tip(ev, placeTip(f.properties)))
      .on('mouseleave', () => tip(null))
      .append('title').text((f) => placeTip(f.properties));
    gPlaces.selectAll('circle.place').data(points).join('circle')
      .attr('class', (f) => `place point cov-${f.properties.coverage}`)
      .attr('cx', (f) => projection(f.geometry.coordinates)[0])
      .attr('cy', (f) => projection(f.geometry.coordinates)[1])
      .attr('r', 3.5 / (transform ? transform.k : 1))
      .on('mousemove', (ev, f) => tip(ev, placeTip(f.properties)))
      .on('mouseleave', () => tip(null))
      .append('title').text((f) => placeTip(f.properties));
    // counts and the controllers of the regions
    const counts = {};
    for (const f of feats) counts[f.properties.coverage] = (counts[f.properties.coverage] || 0) + 1;
    els.covStatus.textContent = feats.length
      ? `${s.commitment} on ${s.on}: ${feats.length} places — ${COVERAGE_ORDER.filter((c) => counts[c]).map((c) => `${counts[c]} ${COVERAGE_WORDS[c]}`).join(', ')}`
      : `${s.commitment} protects no place on ${s.on} (not in force, or no beneficiary that day).`;
    const regions = feats.filter((f) => f.properties.kind === 'region');
    const seen = new Set();
    const unique = regions.filter((f) => !seen.has(f.properties.place) && seen.add(f.properties.place));
    const li = (f) => {
      const p = f.properties;
      const ctl = p.controller || p.state;
      return h('li', { testid: `controller-${p.place}`, dataset: { controller: ctl, coverage: p.coverage } },
        h('code', null, p.place), ` ${p.name}: held by `, h('strong', { testid: 'controller' }, ctl), p.controller ? '' : ' (the sovereign)',
        ' — ', COVERAGE_WORDS[p.coverage] || p.coverage, f.geometry ? '' : ' (no shape of its own)');
    };
    // the areas whose controller is (or once was) not their sovereign first: occupied areas
    const occupied = unique.filter((f) => /occ/.test(f.properties.place) || (f.properties.controller && f.properties.controller !== f.properties.state));
    const rest = unique.filter((f) => !occupied.includes(f));
    replace(els.controllers, unique.length
      ? [occupied.map(li), rest.length ? h('li', null, h('details', null, h('summary', null, `${rest.length} more regions, held by their sovereign`), h('ul', null, rest.map(li)))) : null]
      : h('li', { class: 'note' }, 'No region of the library is among the places this commitment protects on this date.'));
  }

  // ---- the date -----------------------------------------------------------------------
  function setDate(date, { fromSlider = false } = {}) {
    if (!isDate(date)) return;
    params.on = date;
    write();
    if (!fromSlider) els.slider.value = monthsOf(date);
    els.slider.setAttribute('aria-valuetext', date);
    els.dateInput.value = date;
    els.dateLabel.textContent = date;
    loadCoverageSoon();
  }

  // ---- the incident -------------------------------------------------------------------
  function onMapClick(ev) {
    if (ev.defaultPrevented) return;
    const [x, y] = window.d3.pointer(ev, els.svg);
    const ll = projection.invert(transform.invert([x, y]));
    if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) return;
    setIncidentPoint(Math.round(ll[1] * 100) / 100, Math.round(ll[0] * 100) / 100);
    announce(`incident placed at ${els.lat.value}, ${els.lon.value}`);
  }

  function setIncidentPoint(lat, lon) {
    els.lat.value = lat;
    els.lon.value = lon;
    params.lat = String(lat);
    params.lon = String(lon);
    write();
    drawMarker();
  }

  function drawMarker() {
    if (!gMarker) return;
    gMarker.selectAll('*').remove();
    const lat = parseFloat(els.lat.value), lon = parseFloat(els.lon.value);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
    const p = projection([lon, lat]);
    if (!p) return;
    gMarker.append('circle').attr('class', 'incident-marker').attr('data-testid', 'incident-marker')
      .attr('cx', p[0]).attr('cy', p[1]).attr('r', 6 / (transform ? transform.k : 1))
      .append('title').text(`incident at ${lat}, ${lon}`);
  }

  function incident() {
    const actorText = els.actor.value.trim();
    let actor;
    if (!actorText || actorText.toLowerCase() === 'unknown') actor = 'unknown';
    else if (/^non-state(:|\s)/i.test(actorText)) actor = { 'non-state': actorText.replace(/^non-state[:\s]\s*/i, '') };
    else actor = { states: actorText.toUpperCase().split(/[\s,]+/).filter(Boolean) };
    const inc = {
      id: 'map',
      title: 'incident placed on the map',
      on: els.on.value,
      actor,
      object: els.object.value,
      severity: els.severity.value,
      intentional: els.intentional.value,
    };
    const target = els.target.value.trim().toUpperCase();
    if (target) inc.target = target;
    const lat = parseFloat(els.lat.value), lon = parseFloat(els.lon.value);
    if (Number.isFinite(lat) && Number.isFinite(lon)) inc.at = { lat, lon };
    const domains = DOMAINS.filter((d) => els.domains[d].checked);
    if (domains.length) inc.domains = domains;
    return inc;
  }

  function writeIncidentParams() {
    Object.assign(params, {
      actor: els.actor.value, target: els.target.value, object: els.object.value, severity: els.severity.value,
      intentional: els.intentional.value, domains: DOMAINS.filter((d) => els.domains[d].checked).join(','),
      ion: els.on.value, hyp: els.hyp.checked ? '1' : '0',
    });
    write();
  }

  async function evaluate() {
    writeIncidentParams();
    const inc = incident();
    if (!isDate(inc.on)) { replace(els.results, errorBox(new Error('The incident needs a date (YYYY-MM-DD).'))); els.on.focus(); return; }
    if (!inc.at) { replace(els.results, errorBox(new Error('Click the map (or type a latitude and longitude) to place the incident.'))); els.lat.focus(); return; }
    try { localStorage.setItem(INCIDENT_STORE, JSON.stringify({ incident: inc, hypothetical: els.hyp.checked })); } catch { /* ignore */ }
    const seq = ++evalSeq;
    els.results.setAttribute('aria-busy', 'true');
    els.evalStatus.textContent = 'evaluating…';
    try {
      const res = await apiData('/v1/eval', { body: { incident: inc, hypothetical: els.hyp.checked } });
      if (seq !== evalSeq) return;
      renderResults(res);
    } catch (e) {
      if (seq !== evalSeq) return;
      replace(els.results, errorBox(e, 'eval-error'));
    } finally {
      els.evalStatus.textContent = '';
      els.results.removeAttribute('aria-busy');
    }
  }

  function renderResults(res) {
    const one = Array.isArray(res) ? res[0] : res;
    const verdicts = one.verdicts || [];
    const groups = {};
    for (const v of verdicts) (groups[v.verdict] = groups[v.verdict] || []).push(v);
    const loc = one.incident && one.incident.location;
    const item = (v) => h('li', { testid: `verdict-${v.treaty}-${v.commitment}`, dataset: { verdict: v.verdict, treaty: v.treaty, commitment: v.commitment } },
      h('strong', null, v.treaty_name), ' — ', v.title, ' ', verdictBadge(v.verdict),
      v.guarantors && v.guarantors.length ? h('div', { class: 'note' }, `${v.guarantors.length} guarantor${v.guarantors.length === 1 ? '' : 's'}${v.strength ? ` owe ${v.strength}` : ''}: `, h('span', { class: 'codes' }, v.guarantors.join(' '))) : null,
      h('details', null, h('summary', null, 'reasoning'), verdictDetails(v)));
    const section = (key, title, open) => groups[key] && groups[key].length
      ? h('details', { open, testid: `eval-group-${key}` }, h('summary', null, h('strong', null, `${title} (${groups[key].length})`)), h('ul', { class: 'verdicts' }, groups[key].map(item)))
      : null;
    const counts = Object.entries(groups).map(([k, v]) => `${v.length} ${VERDICT_WORDS[k] || k}`).join(', ');
    replace(els.results,
      loc ? h('p', { class: 'note', testid: 'eval-location' }, `Place: ${loc.basis}`, loc.controller ? ` — controlled by ${loc.controller}` : '') : null,
      h('p', { testid: 'eval-summary' }, counts),
      section('triggered', 'Triggered', true),
      section('violated', 'Violated', true),
      section('indeterminate', 'Indeterminate', true),
      section('not_triggered', 'Not triggered', false),
      section('not_in_force', 'Not in force', false));
    announce(`evaluated: ${counts}`);
  }

  // ---- mount --------------------------------------------------------------------------
  return {
    async mount(el, p) {
      params = { ...p };
      lib = await getLibrary();
      const s = st();
      params.commitment = s.commitment;
      params.on = s.on;
      els.picker = h('select', { testid: 'commitment-picker', onchange: () => { params.commitment = els.picker.value; write(); loadCoverage(); } },
        lib.treaties.map((t) => h('optgroup', { label: `${t.name} (${t.id})${t.design ? ' — design' : ''}` },
          t.commitments.map((c) => h('option', { value: `${t.id}/${c.id}` }, `${t.id}/${c.id} — ${c.title || c.id} (${c.kind})`)))));
      els.picker.value = s.commitment;
      const maxV = (END_YEAR - START_YEAR + 1) * 12 - 1;
      els.slider = h('input', { type: 'range', min: 0, max: maxV, step: 1, value: monthsOf(s.on), testid: 'date-slider',
        'aria-label': `Date, month by month from ${START_YEAR} to ${END_YEAR} (arrow keys: a month; Page Up/Down: a year)`, 'aria-valuetext': s.on });
      els.slider.addEventListener('input', () => {
        const day = Number(st().on.slice(8, 10)) || 1;
        setDate(dateOfMonths(Number(els.slider.value), day), { fromSlider: true });
      });
      els.slider.addEventListener('keydown', (ev) => {
        if (ev.key === 'PageUp' || ev.key === 'PageDown') {
          ev.preventDefault();
          els.slider.value = Math.max(0, Math.min(maxV, Number(els.slider.value) + (ev.key === 'PageUp' ? 12 : -12)));
          els.slider.dispatchEvent(new Event('input'));
        }
      });
      els.dateInput = h('input', { type: 'date', value: s.on, min: `${START_YEAR}-01-01`, max: `${END_YEAR}-12-31`, testid: 'date-input' });
      els.dateInput.addEventListener('change', () => setDate(els.dateInput.value));
      els.dateLabel = h('strong', { testid: 'date-label', 'aria-hidden': 'true' }, s.on);
      els.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      els.svg.setAttribute('class', 'map');
      els.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
      els.svg.setAttribute('data-testid', 'map');
      els.svg.setAttribute('role', 'img');
      els.svg.setAttribute('aria-label', 'World map of the commitment\'s coverage; click to place an incident (or type its latitude and longitude in the form)');
      els.tip = h('div', { class: 'map-tip', testid: 'map-tip' });
      const zoomBy = (f) => window.d3 && svg && svg.transition().duration(200).call(zoom.scaleBy, f);
      els.mapBox = h('div', { class: 'map-box' }, els.svg, els.tip,
        h('div', { class: 'map-zoom no-print' },
          h('button', { type: 'button', 'aria-label': 'Zoom in', testid: 'zoom-in', onclick: () => zoomBy(1.6) }, '+'),
          h('button', { type: 'button', 'aria-label': 'Zoom out', testid: 'zoom-out', onclick: () => zoomBy(1 / 1.6) }, '−'),
          h('button', { type: 'button', 'aria-label': 'Show Europe', title: 'Europe', testid: 'zoom-europe', onclick: () => zoomTo(49, 27, 5) }, '⌂'),
          h('button', { type: 'button', 'aria-label': 'Show the world', title: 'World', testid: 'zoom-world', onclick: () => zoomTo(0, 20, 1) }, '◯')));
      els.covStatus = h('p', { class: 'note', testid: 'coverage-status', role: 'status' });
      els.covError = h('div');
      els.controllers = h('ul', { class: 'controllers', testid: 'controllers' });
      // the incident form
      const inc = params;
      els.on = h('input', { type: 'date', value: isDate(inc.ion) ? inc.ion : s.on, testid: 'incident-on', required: true });
      const datalist = h('datalist', { id: 'map-states' }, lib.states.map((x) => h('option', { value: x.code }, x.name)));
      els.actor = h('input', { type: 'text', value: inc.actor || 'RUS', list: 'map-states', testid: 'actor', size: 10, 'aria-describedby': 'actor-help' });
      els.actor.setAttribute('list', 'map-states');
      els.target = h('input', { type: 'text', value: inc.target || 'UKR', testid: 'target', size: 6 });
      els.target.setAttribute('list', 'map-states');
      els.object = h('select', { testid: 'object' }, OBJECTS.map((o) => h('option', { value: o }, o)));
      els.object.value = inc.object || 'territory';
      els.severity = h('select', { testid: 'severity' }, SEVERITIES.map((o) => h('option', { value: o }, o)));
      els.severity.value = inc.severity || 'armed-attack';
      els.intentional = h('select', { testid: 'intentional' }, ['yes', 'no', 'unknown'].map((o) => h('option', { value: o }, o)));
      els.intentional.value = inc.intentional || 'yes';
      const doms = (inc.domains ?? 'air').split(',');
      els.domains = {};
      for (const d of DOMAINS) els.domains[d] = h('input', { type: 'checkbox', checked: doms.includes(d), testid: 'domain-' + d });
      els.hyp = h('input', { type: 'checkbox', checked: inc.hyp !== '0', testid: 'hypothetical' });
      els.lat = h('input', { type: 'number', step: 0.01, min: -90, max: 90, value: inc.lat || '', testid: 'lat' });
      els.lon = h('input', { type: 'number', step: 0.01, min: -180, max: 180, value: inc.lon || '', testid: 'lon' });
      const coordChange = () => { params.lat = els.lat.value; params.lon = els.lon.value; write(); drawMarker(); };
      els.lat.addEventListener('change', coordChange);
      els.lon.addEventListener('change', coordChange);
      els.results = h('div', { testid: 'eval-results', 'aria-live': 'polite' });
      els.evalStatus = h('p', { class: 'note', role: 'status' });
      const form = h('form', { class: 'incident-form', testid: 'incident-form', onsubmit: (ev) => { ev.preventDefault(); evaluate(); } },
        h('div', { class: 'form-grid' },
          field('latitude', els.lat), field('longitude', els.lon),
          field('date', els.on), field('severity', els.severity),
          field('actor', els.actor), field('target', els.target),
          field('object', els.object), field('intentional', els.intentional),
          h('fieldset', { class: 'wide' }, h('legend', null, 'domains'), DOMAINS.map((d) => h('label', { class: 'inline', style: { display: 'inline-flex', marginRight: '.6rem' } }, els.domains[d], d))),
          h('label', { class: 'inline wide' }, els.hyp, 'hypothetical: evaluate designs (proposed, signed) as if in force'),
          h('p', { class: 'note wide', id: 'actor-help' }, 'actor: a state code, several with commas (RUS,BLR), “unknown”, or “non-state: NAME”.'),
          h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary', testid: 'evaluate' }, 'Evaluate'))),
        datalist);
      replace(el,
        h('h1', null, 'Coverage and control'),
        h('div', { class: 'toolbar no-print' }, field('Commitment', els.picker), field('Date', els.dateInput)),
        h('div', { class: 'slider-row no-print' }, h('span', null, START_YEAR), els.slider, h('span', null, END_YEAR), els.dateLabel),
        h('ul', { class: 'legend', testid: 'map-legend', 'aria-label': 'Legend' },
          COVERAGE_ORDER.map((c) => h('li', null, h('span', { class: 'swatch', style: { background: `var(--cov-${c.replace(/_/g, '-')})` } }), COVERAGE_WORDS[c])),
          h('li', null, h('span', { class: 'swatch', style: { background: 'var(--land)' } }), 'not protected'),
          h('li', null, h('span', { class: 'swatch', style: { border: '2px dashed #222' } }), 'a region of the library (its controller on the date)'),
          h('li', null, h('span', { class: 'swatch', style: { background: '#111', borderRadius: '50%', width: '1em' } }), 'the incident')),
        els.covStatus, els.covError,
        h('div', { class: 'map-grid' },
          h('div', null, els.mapBox,
            h('h2', null, 'Regions and who holds them'),
            els.controllers),
          h('div', { class: 'incident-box' },
            h('h2', null, 'An incident here'),
            h('p', { class: 'note no-print' }, 'Click the map to place it; fill in the rest; Evaluate.'),
            form, els.evalStatus,
            h('h2', null, 'Verdicts'),
            els.results)));
      await drawWorld();
      drawMarker();
      await loadCoverage();
    },
    update(p) {
      const old = params;
      params = { ...p };
      const s = st();
      els.picker.value = s.commitment;
      if (s.on !== old.on && isDate(s.on)) {
        els.slider.value = monthsOf(s.on);
        els.slider.setAttribute('aria-valuetext', s.on);
        els.dateInput.value = s.on;
        els.dateLabel.textContent = s.on;
      }
      if (s.commitment !== old.commitment || s.on !== old.on) { loadCoverageSoon.cancel(); loadCoverage(); }
    },
    unmount() {
      if (coverageCtl) coverageCtl.abort();
      delete window.casusMap;
    },
  };
}

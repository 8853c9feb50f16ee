// The workbench: a one-page app with hash routing. Every view keeps its state in the URL
// (`#/compare?designs=a,b&sort=…`), so a link restores what its sender saw.
import { parseHash, h, replace, errorBox } from './util.js';

const VIEWS = {
  compare: { title: 'Compare designs', load: () => import('./compare.js') },
  diff: { title: 'Diff designs', load: () => import('./diff.js') },
  editor: { title: 'Editor', load: () => import('./editor.js') },
  map: { title: 'Map', load: () => import('./map.js') },
  network: { title: 'Network', load: () => import('./network.js') },
  simulate: { title: 'Simulate', load: () => import('./simulate.js') },
  alerts: { title: 'Alerts', load: () => import('./alerts.js') },
};

const main = document.getElementById('main');
let current = null; // { name, view, el }
let generation = 0;

async function route() {
  const { view: name, params } = parseHash(location.hash);
  if (!VIEWS[name]) {
    history.replaceState(null, '', '#/compare' + (location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : ''));
    return route();
  }
  for (const a of document.querySelectorAll('nav [data-view]')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${VIEWS[name].title} — casus workbench`;
  if (current && current.name === name && current.view.update) {
    current.view.update(params);
    return;
  }
  const gen = ++generation;
  if (current && current.view.unmount) current.view.unmount();
  current = null;
  const el = h('div', { class: 'view view-' + name, testid: 'view-' + name });
  replace(main, el);
  try {
    const mod = await VIEWS[name].load();
    if (gen !== generation) return;
    const view = mod.createView();
    current = { name, view, el };
    await view.mount(el, params);
  } catch (e) {
    if (gen !== generation) return;
    console.error(e);
    el.append(errorBox(e, 'view-error'));
  }
}

window.addEventListener('hashchange', route);
document.querySelector('[data-skip]').addEventListener('click', (ev) => {
  ev.preventDefault();
  const target = main.querySelector('h1') || main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
});
// Moving between views puts the focus on the new view's heading for keyboard and screen-reader users.
document.querySelector('nav').addEventListener('click', () => {
  setTimeout(() => {
    const h1 = main.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
  }, 400);
});
route();

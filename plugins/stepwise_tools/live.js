// The live preview's reload (served by `make serve` only; never part of a built site), loaded
// as an ES module like the theme's scripts (devserver.SCRIPT_TAG).
// A file of the preview server's own origin, so the site's Content-Security-Policy
// (script-src 'self', connect-src 'self') allows it as it is.
(() => {
  const here = location.pathname.replace(/^\//, '').replace(/index\.html$/, '');
  const events = new EventSource('/_stepwise/events');

  events.addEventListener('reload', (event) => {
    const urls = JSON.parse(event.data);
    if (urls === null || urls.includes(here)) {
      location.reload();
    }
  });

  // A build that failed: its problems over the page, until the next build that works.
  events.addEventListener('problems', (event) => {
    const lines = JSON.parse(event.data);
    let box = document.getElementById('stepwise-live-problems');
    if (!box) {
      box = document.createElement('section');
      box.id = 'stepwise-live-problems';
      box.setAttribute('role', 'alert');
      Object.assign(box.style, {
        position: 'fixed', inset: 'auto 0 0 0', maxHeight: '50vh', overflow: 'auto', zIndex: '2147483647',
        margin: '0', padding: '1rem', background: '#fff4f2', color: '#5c1a0b', borderTop: '4px solid #b3261e',
        font: '15px/1.5 system-ui, sans-serif', whiteSpace: 'pre-wrap',
      });
      document.body.append(box);
    }
    const heading = document.createElement('strong');
    heading.textContent = `The build failed; the page shows the last good build. ${lines.length} problem(s):`;
    box.replaceChildren(heading, ...lines.map((line) => {
      const item = document.createElement('div');
      item.textContent = line;
      return item;
    }));
  });
})();

/* Stepwise worksheets: opt-in saving on this device, clear, download (Markdown,
   JSON), import, then-and-now ratings, and print copies of long answers.
   No framework, no network: answers never leave the browser.
   Stored under data-storage-key (e.g. "stepwise:worksheet:v1:<slug>") as
   {format, version, worksheet, saved, answers: {id: value}, ratings: {id: [{date, value}]}}. */
(() => {
  'use strict';
  const FORMAT = 'stepwise-worksheet';
  const VERSION = 1;
  const SVG = 'http://www.w3.org/2000/svg';

  const pad = (n) => String(n).padStart(2, '0');
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
  const longDate = (iso) => {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(y, m - 1, d).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  };
  const texts = (root) => [...root.querySelectorAll('input[type=text]')];
  const strings = (v, n) => Array.from({ length: n }, (_, i) => (Array.isArray(v) && typeof v[i] === 'string' ? v[i] : ''));

  // How each kind of question reads and writes its answer; one entry per kind.
  const KINDS = {
    reflect: {
      get: (fs) => fs.querySelector('textarea').value,
      set: (fs, v) => { fs.querySelector('textarea').value = typeof v === 'string' ? v : ''; },
    },
    scale: {
      get: (fs) => { const c = fs.querySelector('input:checked'); return c ? Number(c.value) : null; },
      set: (fs, v) => fs.querySelectorAll('input[type=radio]').forEach((r) => { r.checked = Number(r.value) === v; }),
    },
    list: {
      get: (fs) => texts(fs).map((i) => i.value),
      set: (fs, v) => { const ins = texts(fs); strings(v, ins.length).forEach((s, i) => { ins[i].value = s; }); },
    },
    columns: {
      get: (fs) => [...fs.querySelectorAll('.column')].map((c) => texts(c).map((i) => i.value)),
      set: (fs, v) => fs.querySelectorAll('.column').forEach((c, n) => KINDS.list.set(c, Array.isArray(v) ? v[n] : [])),
    },
    checklist: {
      get: (fs) => {
        const other = fs.querySelector('[data-other]');
        return { checked: [...fs.querySelectorAll('input:checked')].map((c) => c.value), other: other ? other.value : '' };
      },
      set: (fs, v) => {
        const checked = v && Array.isArray(v.checked) ? v.checked : [];
        fs.querySelectorAll('input[type=checkbox]').forEach((c) => { c.checked = checked.includes(c.value); });
        const other = fs.querySelector('[data-other]');
        if (other) other.value = v && typeof v.other === 'string' ? v.other : '';
      },
    },
  };

  // Markdown for people: "<" and entity-like "&" are escaped so author or reader
  // text shows as text wherever the file is rendered.
  const md = (s) => String(s).replace(/&(?=#?\w+;)/g, '&amp;').replace(/</g, '&lt;');
  const mdAnswer = (kind, v, fs) => {
    if (kind === 'reflect') return v.trim() ? md(v.trim()) : '_(no answer)_';
    if (kind === 'scale') return v === null ? '_(no rating)_' : `**${v}** out of 10`;
    if (kind === 'list') return v.filter((s) => s.trim()).map((s, i) => `${i + 1}. ${md(s)}`).join('\n') || '_(no answer)_';
    if (kind === 'columns') {
      const heads = [...fs.querySelectorAll('.column')].map((c) => c.dataset.column);
      return v.map((col, i) => `**${md(heads[i])}**\n\n${col.filter((s) => s.trim()).map((s) => `- ${md(s)}`).join('\n') || '- _(nothing yet)_'}`).join('\n\n');
    }
    const items = [...fs.querySelectorAll('input[type=checkbox]')].map((c) => `- [${c.checked ? 'x' : ' '}] ${md(c.value)}`);
    if (v.other.trim()) items.push(`- Something else: ${md(v.other)}`);
    return items.join('\n');
  };

  function chart(list) {
    const w = 240, h = 76, x = (i) => 10 + (i * (w - 20)) / Math.max(1, list.length - 1), y = (v) => h - 8 - (v * (h - 26)) / 10;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('class', 'ws-chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Ratings over time: ${list.map((r) => `${r.value} on ${longDate(r.date)}`).join(', ')}`);
    const add = (name, attrs) => { const el = document.createElementNS(SVG, name); Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v)); svg.append(el); };
    add('line', { x1: 0, y1: y(0), x2: w, y2: y(0), class: 'ws-chart-axis' });
    add('line', { x1: 0, y1: y(10), x2: w, y2: y(10), class: 'ws-chart-axis' });
    add('polyline', { points: list.map((r, i) => `${x(i)},${y(r.value)}`).join(' '), class: 'ws-chart-line' });
    list.forEach((r, i) => add('circle', { cx: x(i), cy: y(r.value), r: 3.5, class: 'ws-chart-dot' }));
    list.forEach((r, i) => {
      add('text', { x: x(i), y: y(r.value) - 7, class: 'ws-chart-label', 'text-anchor': 'middle' });
      svg.lastChild.textContent = r.value;
    });
    return svg;
  }

  function setUp(form) {
    const key = form.dataset.storageKey;
    const slug = form.dataset.worksheet;
    const status = form.querySelector('[data-status]');
    const saveBox = form.querySelector('[data-save]');
    const questions = [...form.querySelectorAll('fieldset[data-question]')];
    let ratings = {};

    const say = (text) => { status.textContent = text; };
    const read = () => Object.fromEntries(questions.map((fs) => [fs.dataset.question, KINDS[fs.dataset.kind].get(fs)]));
    const record = () => ({ format: FORMAT, version: VERSION, worksheet: slug, saved: new Date().toISOString(), answers: read(), ratings });
    const stored = () => {
      try { const data = JSON.parse(localStorage.getItem(key)); return data && data.format === FORMAT ? data : null; } catch (e) { return null; }
    };

    // Print copies: a textarea prints only its visible rows, so each text field
    // gets a block that holds the whole answer and is shown only on paper.
    form.querySelectorAll('textarea, input[type=text]').forEach((field) => {
      const copy = document.createElement('div');
      copy.className = field.tagName === 'TEXTAREA' ? 'print-copy print-copy-area' : 'print-copy';
      copy.setAttribute('aria-hidden', 'true');
      field.after(copy);
    });
    form.classList.add('has-print-copies');
    const mirror = () => form.querySelectorAll('.print-copy').forEach((c) => { c.textContent = c.previousElementSibling.value; });

    function showHistory() {
      questions.filter((fs) => fs.dataset.kind === 'scale').forEach((fs) => {
        const box = fs.querySelector('[data-history]');
        const list = ratings[fs.dataset.question] || [];
        box.replaceChildren();
        box.hidden = list.length === 0;
        if (!list.length) return;
        const first = list[0], last = list[list.length - 1];
        const p = document.createElement('p');
        p.textContent = list.length === 1
          ? `Saved rating: ${last.value} on ${longDate(last.date)}. Rate again on another day to see the change.`
          : `Then: ${first.value} (${longDate(first.date)}). Now: ${last.value} (${longDate(last.date)}).`;
        box.append(p);
        if (list.length > 1) box.append(chart(list));
      });
    }

    function save() {
      if (!saveBox.checked) return;
      try {
        localStorage.setItem(key, JSON.stringify(record()));
        say(`Saved on this device at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`);
      } catch (e) {
        say('This browser would not save your answers (storage is full or turned off). Download a copy instead.');
      }
    }

    function rate(fs) {
      const value = KINDS.scale.get(fs);
      if (value === null || !saveBox.checked) return;
      const list = ratings[fs.dataset.question] || (ratings[fs.dataset.question] = []);
      const last = list[list.length - 1];
      if (last && last.date === today()) last.value = value; else list.push({ date: today(), value });
      showHistory();
    }

    function fill(data) {
      const answers = data && typeof data.answers === 'object' && data.answers ? data.answers : {};
      questions.forEach((fs) => KINDS[fs.dataset.kind].set(fs, answers[fs.dataset.question] ?? null));
      ratings = {};
      Object.entries(data && data.ratings && typeof data.ratings === 'object' ? data.ratings : {}).forEach(([id, list]) => {
        if (!Array.isArray(list)) return;
        const clean = list.filter((r) => r && /^\d{4}-\d\d-\d\d$/.test(r.date) && Number.isInteger(r.value) && r.value >= 0 && r.value <= 10);
        if (clean.length) ratings[id] = clean.map((r) => ({ date: r.date, value: r.value }));
      });
      mirror();
      showHistory();
    }

    function download(ext, type, text) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${slug}-answers-${today()}.${ext}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }

    function exportJson() {
      const data = record();
      data.title = form.dataset.title;
      data.questions = questions.map((fs) => ({
        id: fs.dataset.question, kind: fs.dataset.kind,
        prompt: fs.querySelector('[data-prompt]').textContent, answer: data.answers[fs.dataset.question],
      }));
      download('json', 'application/json', `${JSON.stringify(data, null, 2)}\n`);
    }

    function exportMarkdown() {
      const answers = read();
      const parts = [`# ${md(form.dataset.title)}`, `Written down on ${longDate(today())}.`];
      questions.forEach((fs, i) => {
        const id = fs.dataset.question;
        parts.push(`## ${i + 1}. ${md(fs.querySelector('[data-prompt]').textContent)}`, mdAnswer(fs.dataset.kind, answers[id], fs));
        const list = ratings[id] || [];
        if (list.length > 1) parts.push(list.map((r) => `- ${longDate(r.date)}: ${r.value}`).join('\n'));
      });
      download('md', 'text/markdown', `${parts.join('\n\n')}\n`);
    }

    async function importJson(file) {
      let data;
      try { data = JSON.parse(await file.text()); } catch (e) { say('That file is not a JSON file from this site.'); return; }
      if (!data || data.format !== FORMAT) { say('That file is not a worksheet download from this site.'); return; }
      if (data.version !== VERSION) { say('That file comes from a newer version of this site; it cannot be read here.'); return; }
      if (data.worksheet !== slug) { say(`That file holds answers for another worksheet (${String(data.worksheet)}).`); return; }
      fill(data);
      save();
      say(`Imported your answers from ${file.name}.`);
    }

    function clear() {
      try { localStorage.removeItem(key); } catch (e) { /* nothing was stored */ }
      saveBox.checked = false;
      form.reset();
      fill(null);
      say('Your answers were cleared from this page and this device. Saving is off.');
    }

    const actions = { clear, markdown: exportMarkdown, json: exportJson, print: () => window.print() };
    form.querySelector('[data-tools]').hidden = false;
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (button) actions[button.dataset.action]();
    });
    form.addEventListener('input', (e) => {
      if (e.target.matches('[data-save], [data-import]')) return;
      if (e.target.type === 'radio') rate(e.target.closest('fieldset'));
      mirror();
      save();
    });
    saveBox.addEventListener('change', () => {
      if (saveBox.checked) {
        // Ask the browser not to evict the answers under storage pressure; it may say no.
        if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
        questions.filter((fs) => fs.dataset.kind === 'scale').forEach(rate);
        save();
      } else {
        try { localStorage.removeItem(key); } catch (e) { /* nothing was stored */ }
        say('Saving is off. Nothing from this worksheet is stored on this device now.');
      }
    });
    form.querySelector('[data-import]').addEventListener('change', (e) => {
      if (e.target.files[0]) importJson(e.target.files[0]);
      e.target.value = '';
    });
    window.addEventListener('beforeprint', mirror);

    const data = stored();
    if (data) {
      saveBox.checked = true;
      fill(data);
      const day = String(data.saved || '').slice(0, 10);
      say(/^\d{4}-\d\d-\d\d$/.test(day) ? `Restored the answers saved on this device on ${longDate(day)}.`
        : 'Restored the answers saved on this device.');
    } else {
      mirror();
    }
  }

  document.querySelectorAll('form.worksheet[data-storage-key]').forEach(setUp);
})();

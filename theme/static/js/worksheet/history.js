/* Then and now: each saved rating of a 0-10 question is kept with its day, shown as
   "then / now" and, from two ratings on, as a small chart (chart.js, loaded only then). */
const pad = (n) => String(n).padStart(2, '0');

export const today = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
export const day = (iso) => { const [y, m, d] = iso.split('-').map(Number); return new Date(y, m - 1, d); };
export const longDate = (iso) => day(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Only well-formed ratings from a stored or imported record. */
export function cleanRatings(raw) {
  const ratings = {};
  Object.entries(raw && typeof raw === 'object' ? raw : {}).forEach(([id, list]) => {
    if (!Array.isArray(list)) return;
    const clean = list.filter((r) => r && /^\d{4}-\d\d-\d\d$/.test(r.date) && Number.isInteger(r.value) && r.value >= 0 && r.value <= 10);
    if (clean.length) ratings[id] = clean.map((r) => ({ date: r.date, value: r.value }));
  });
  return ratings;
}

/** Today's rating: a new point, or today's point changed. */
export function addRating(ratings, id, value) {
  const list = ratings[id] || (ratings[id] = []);
  const last = list[list.length - 1];
  if (last && last.date === today()) last.value = value; else list.push({ date: today(), value });
}

const drawn = new WeakMap();  // the list each box shows: a chart that loads late draws only that

export function showHistory(questions, ratings) {
  questions.filter((fs) => fs.querySelector('[data-history]')).forEach((fs) => {
    const box = fs.querySelector('[data-history]');
    const list = ratings[fs.dataset.question] || [];
    box.replaceChildren();
    drawn.set(box, list);
    box.hidden = list.length === 0;
    if (!list.length) return;
    const first = list[0], last = list[list.length - 1];
    const p = document.createElement('p');
    p.textContent = list.length === 1
      ? `Saved rating: ${last.value} on ${longDate(last.date)}. Rate again on another day to see the change.`
      : `Then: ${first.value} (${longDate(first.date)}). Now: ${last.value} (${longDate(last.date)}).`;
    box.append(p);
    if (list.length < 2) return;
    import('./chart.js').then(({ chart }) => {
      if (drawn.get(box) === list) box.append(chart(list, fs.dataset.low || 'worst', fs.dataset.high || 'best'));
    }).catch(() => { /* the words above say it all; the chart is extra */ });
  });
}

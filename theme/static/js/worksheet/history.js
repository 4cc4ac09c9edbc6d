/* Then and now: each saved rating of a 0-10 question is kept with its day (the reader's own,
   local day), shown as "then / now" and, from two ratings on, as a small chart (chart.js,
   loaded only then). One rating a day: the last one chosen that day counts. */
const pad = (n) => String(n).padStart(2, '0');

export const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const today = () => isoDay(new Date());
export const day = (iso) => { const [y, m, d] = iso.split('-').map(Number); return new Date(y, m - 1, d); };
// One formatter for every date: toLocaleDateString builds a new one each call (10,000 of
// them took seconds).
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
export const longDate = (iso) => LONG.format(day(iso));

/** A day that exists, written YYYY-MM-DD (2026-13-45 and 9999-99-99 do not). */
export const realDay = (iso) => typeof iso === 'string' && /^\d{4}-\d\d-\d\d$/.test(iso)
  && iso >= '1970-01-01' && isoDay(day(iso)) === iso;
export const realPoint = (r) => Boolean(r) && realDay(r.date) && Number.isInteger(r.value) && r.value >= 0 && r.value <= 10;

/** Points in order of their day, one a day (the later one in the list wins). */
export function byDay(points) {
  const days = new Map();
  points.forEach((r) => days.set(r.date, r.value));
  return [...days.keys()].sort().map((date) => ({ date, value: days.get(date) }));
}

/** Only well-formed ratings of the questions `ids`, from a stored record. */
export function cleanRatings(raw, ids) {
  const ratings = {};
  if (!raw || typeof raw !== 'object') return ratings;
  ids.filter((id) => Object.hasOwn(raw, id) && Array.isArray(raw[id])).forEach((id) => {
    const clean = byDay(raw[id].filter(realPoint));
    if (clean.length) ratings[id] = clean;
  });
  return ratings;
}

/** Today's rating: a new point, or today's point changed. */
export function addRating(ratings, id, value) {
  ratings[id] = byDay([...(ratings[id] || []), { date: today(), value }]);
}

const drawn = new WeakMap();  // the list each box shows: a chart that loads late draws only that

function describe(list) {
  const first = list[0], last = list[list.length - 1];
  if (list.length > 1) return `Then: ${first.value} (${longDate(first.date)}). Now: ${last.value} (${longDate(last.date)}).`;
  return last.date === today() ? `Saved rating: ${last.value} today (${longDate(last.date)}). Rate again on another day to see the change.`
    : `Saved rating: ${last.value} on ${longDate(last.date)}.`;
}

/** The history under each 0-10 question; while saving, a rating chosen on an earlier day can
    be kept for today too (choosing the same number again changes nothing on the screen). */
export function showHistory(questions, ratings, saving) {
  questions.filter((fs) => fs.querySelector('[data-history]')).forEach((fs) => {
    const box = fs.querySelector('[data-history]');
    const list = ratings[fs.dataset.question] || [];
    box.replaceChildren();
    drawn.set(box, list);
    box.hidden = list.length === 0;
    if (!list.length) return;
    const p = document.createElement('p');
    p.textContent = describe(list);
    box.append(p);
    const chosen = fs.querySelector('input:checked');
    if (saving && chosen && list[list.length - 1].date !== today()) {
      const again = Object.assign(document.createElement('button'), { type: 'button', textContent: `Rate ${chosen.value} again today` });
      again.dataset.action = 'rate-today';
      box.append(again);
    }
    if (list.length < 2) return;
    import('./chart.js').then(({ chart }) => {
      if (drawn.get(box) === list) box.append(chart(list, fs.dataset.low || 'worst', fs.dataset.high || 'best'));
    }).catch(() => { /* the words above say it all; the chart is extra */ });
  });
}

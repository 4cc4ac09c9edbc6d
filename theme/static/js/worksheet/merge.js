/* Two versions of a worksheet's answers, brought together question by question without
   losing text: another tab's and this one's (sync.js), what Undo brings back and what is
   on the page now (clear.js), a file's and this page's (importer.js). */
import { columnsOf, isBlank, lineInputs } from './answers.js';
import { byDay } from './history.js';

// Objects compare by content, whatever order their keys were written in.
const canonical = (v) => JSON.stringify(v ?? null, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));
export const same = (a, b) => (isBlank(a) && isBlank(b)) || canonical(a) === canonical(b);

const joinText = (a, b, gap) => (!a.trim() ? b : !b.trim() ? a : `${a}${gap}${b}`);

/** Lines of both, each once, in the slots there are; what does not fit shares the last one. */
export function fitLines(a, b, slots) {
  const lines = [...new Set([...a, ...b].filter((s) => typeof s === 'string' && s.trim()))];
  const fitted = lines.slice(0, slots);
  if (lines.length > slots) fitted[slots - 1] = lines.slice(slots - 1).join('; ');
  while (fitted.length < slots) fitted.push('');
  return fitted;
}

const COMBINE = {
  text: (a, b) => joinText(a, b, '\n\n'),
  rating: (a) => a,
  lines: (a, b, fs) => fitLines(a, b, lineInputs(fs).length),
  columns: (a, b, fs) => columnsOf(fs).map((c, i) => fitLines(a[i] || [], b[i] || [], lineInputs(c).length)),
  choices: (a, b) => ({ checked: [...new Set([...a.checked, ...b.checked])], other: joinText(a.other, b.other, ' / ') }),
};

/** Both answers to one question kept: this one's first (a rating keeps this one's number). */
export function combine(fs, mine, theirs) {
  if (isBlank(mine)) return theirs;
  if (isBlank(theirs) || same(mine, theirs)) return mine;
  return COMBINE[fs.dataset.shape](mine, theirs, fs);
}

/** Question by question: taken where only they changed it since `base`, kept where only this
    tab did, both kept (combined) where both wrote something different. `base` null: nothing
    was shared before. */
export function threeWay(questions, base, mine, theirs) {
  const answers = {}, taken = [], both = [];
  questions.forEach((fs) => {
    const id = fs.dataset.question, b = base?.[id] ?? null, m = mine[id], t = theirs?.[id] ?? null;
    if (same(m, t) || same(t, b)) answers[id] = m;
    else if (same(m, b)) { answers[id] = t; taken.push(fs); }  // a clearing there clears here too
    else if (isBlank(t)) answers[id] = m;  // emptied there, written here: the words stay
    else if (isBlank(m)) { answers[id] = t; taken.push(fs); }
    else { answers[id] = combine(fs, m, t); both.push(fs); }
  });
  return { answers, taken, both };
}

const points = (ratings, id) => (ratings && Array.isArray(ratings[id]) ? ratings[id] : []);

/** Their ratings, plus the ones this tab added or changed since `base`. */
export function threeWayRatings(ids, base, mine, theirs) {
  const ratings = {};
  ids.forEach((id) => {
    const before = new Map(points(base, id).map((r) => [r.date, r.value]));
    const list = byDay([...points(theirs, id), ...points(mine, id).filter((r) => before.get(r.date) !== r.value)]);
    if (list.length) ratings[id] = list;
  });
  return ratings;
}

/** Both histories; on a day both have, `first`'s rating stands. `added`: days new to `first`. */
export function unionRatings(ids, first, second) {
  const ratings = {};
  let added = 0, differ = 0;
  ids.forEach((id) => {
    const have = new Map(points(first, id).map((r) => [r.date, r.value]));
    points(second, id).forEach((r) => {
      if (!have.has(r.date)) added += 1; else if (have.get(r.date) !== r.value) differ += 1;
    });
    const list = byDay([...points(second, id), ...points(first, id)]);
    if (list.length) ratings[id] = list;
  });
  return { ratings, added, differ };
}

/** "question 2", "questions 1 and 3", "questions 1, 2 and 4": as numbered on the page. */
export function numbers(fieldsets) {
  const n = fieldsets.map((fs) => fs.querySelector('.question-number').textContent.replace('.', ''));
  if (n.length < 2) return `question ${n[0]}`;
  return `questions ${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

/* The then-and-now chart: 0 at the foot and 10 at the top, labelled on the axis, with what
   they mean under it; time along the bottom, from the first day to the last, each rating
   placed at its day (a week apart looks a week apart). A number is written over its point
   unless it would run into the one before. */
import { day, longDate } from './history.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 260, H = 112, LEFT = 30, RIGHT = 250, TOP = 16, FOOT = 84;
const DAY = 86_400_000;
const yAt = (v) => FOOT - (v * (FOOT - TOP)) / 10;

/** What the chart shows, in one sentence however many points it has (a screen reader once
    read out every one: 7,733 characters after a year of daily ratings). */
export function summary(list) {
  const first = list[0], last = list[list.length - 1], values = list.map((r) => r.value);
  return `${list.length.toLocaleString('en-GB')} ratings, from ${first.value} on ${longDate(first.date)} to ${last.value} on ${longDate(last.date)}; `
    + `lowest ${Math.min(...values)}, highest ${Math.max(...values)}.`;
}

export function chart(list, low, high) {
  const figure = document.createElement('figure');
  figure.className = 'ws-chart-figure';
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'ws-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Ratings over time, from 0 (${low}) to 10 (${high}): ${summary(list)}`);
  const add = (name, attrs, text) => {
    const el = document.createElementNS(SVG, name);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
    if (text !== undefined) el.textContent = text;
    svg.append(el);
  };
  [0, 10].forEach((v) => {
    add('line', { x1: LEFT - 4, y1: yAt(v), x2: W, y2: yAt(v), class: 'ws-chart-axis' });
    add('text', { x: LEFT - 8, y: yAt(v) + 4, class: 'ws-chart-tick', 'text-anchor': 'end' }, String(v));
  });
  const start = day(list[0].date).getTime(), span = Math.max(DAY, day(list[list.length - 1].date).getTime() - start);
  const xAt = (r) => LEFT + ((day(r.date).getTime() - start) * (RIGHT - LEFT)) / span;
  add('polyline', { points: list.map((r) => `${xAt(r)},${yAt(r.value)}`).join(' '), class: 'ws-chart-line' });
  let labelled = null;
  list.forEach((r, i) => {
    const x = xAt(r), y = yAt(r.value);
    add('circle', { cx: x, cy: y, r: 3.5, class: 'ws-chart-dot' });
    const last = i === list.length - 1;
    if (labelled && x - labelled.x < 16 && Math.abs(y - labelled.y) < 14 && !last) return;
    add('text', { x, y: y - 7, class: 'ws-chart-label', 'text-anchor': 'middle' }, String(r.value));
    labelled = { x, y };
  });
  const first = list[0].date, last = list[list.length - 1].date;
  const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', ...(first.slice(0, 4) !== last.slice(0, 4) && { year: 'numeric' }) });
  add('text', { x: LEFT, y: H - 6, class: 'ws-chart-tick', 'text-anchor': 'start' }, short.format(day(first)));
  add('text', { x: RIGHT, y: H - 6, class: 'ws-chart-tick', 'text-anchor': 'end' }, short.format(day(last)));
  const caption = document.createElement('figcaption');
  caption.textContent = `0 = ${low} · 10 = ${high}`;
  figure.append(svg, caption);
  return figure;
}

/* Downloads (Markdown for people, JSON to import again) and import. Made in the browser
   from a Blob: nothing is sent anywhere. */
import { boxesOf, columnsOf, readAnswers } from './answers.js';
import { longDate, today } from './history.js';
import { FORMAT, VERSION } from './store.js';

// Markdown for people: "<" and entity-like "&" are escaped so author or reader text
// shows as text wherever the file is rendered.
const md = (s) => String(s).replace(/&(?=#?\w+;)/g, '&amp;').replace(/</g, '&lt;');
const NONE = '_(no answer)_';
const filled = (list) => list.filter((s) => s.trim());

// One entry per answer shape (answers.js).
const MARKDOWN = {
  text: (v) => (v.trim() ? md(v.trim()) : NONE),
  rating: (v) => (v === null ? '_(no rating)_' : `**${v}** out of 10`),
  lines: (v) => filled(v).map((s, i) => `${i + 1}. ${md(s)}`).join('\n') || NONE,
  columns: (v, fs) => columnsOf(fs).map((c, i) => {
    const items = filled(v[i]).map((s) => `- ${md(s)}`).join('\n') || '- _(nothing yet)_';
    return `**${md(c.dataset.column)}**\n\n${items}`;
  }).join('\n\n'),
  choices: (v, fs) => {
    const items = boxesOf(fs).map((c) => `- [${v.checked.includes(c.value) ? 'x' : ' '}] ${md(c.value)}`);
    if (v.other.trim()) items.push(`- Something else: ${md(v.other)}`);
    return items.join('\n');
  },
};

function download(sheet, ext, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${sheet.slug}-answers-${today()}.${ext}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return a.download;
}

const promptOf = (fs) => fs.querySelector('[data-prompt]').textContent;

export function downloadJson(sheet) {
  const data = sheet.record();
  data.title = sheet.title;
  data.questions = sheet.questions.map((fs) => ({
    id: fs.dataset.question, kind: fs.dataset.kind, prompt: promptOf(fs), answer: data.answers[fs.dataset.question],
  }));
  return download(sheet, 'json', 'application/json', `${JSON.stringify(data, null, 2)}\n`);
}

export function downloadMarkdown(sheet) {
  const answers = readAnswers(sheet.questions);
  const parts = [`# ${md(sheet.title)}`, `Written down on ${longDate(today())}.`];
  sheet.questions.forEach((fs, i) => {
    const id = fs.dataset.question;
    parts.push(`## ${i + 1}. ${md(promptOf(fs))}`, MARKDOWN[fs.dataset.shape](answers[id], fs));
    const list = sheet.ratings[id] || [];
    if (list.length > 1) parts.push(list.map((r) => `- ${longDate(r.date)}: ${r.value}`).join('\n'));
  });
  return download(sheet, 'md', 'text/markdown', `${parts.join('\n\n')}\n`);
}

/** The record in a downloaded JSON file, or the reason it cannot be read here. */
export async function readImport(sheet, file) {
  let data;
  try { data = JSON.parse(await file.text()); } catch (e) { return { problem: 'That file is not a JSON file from this site.' }; }
  if (!data || data.format !== FORMAT) return { problem: 'That file is not a worksheet download from this site.' };
  if (data.version !== VERSION) return { problem: 'That file comes from a newer version of this site; it cannot be read here.' };
  if (data.worksheet !== sheet.slug) return { problem: `That file holds answers for another worksheet (${String(data.worksheet)}).` };
  return { data };
}

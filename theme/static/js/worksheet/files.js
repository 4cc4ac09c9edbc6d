/* Downloads: Markdown for people, JSON to import again (importer.js). Made in the browser
   from a Blob: nothing is sent anywhere. */
import { boxesOf, columnsOf, readAnswers } from './answers.js';
import { longDate, today } from './history.js';

// Markdown for people: a reader's (or author's) words show as typed wherever the file is
// rendered: no heading, list, rule, quote, code, table, link, image or HTML can come of them.
// Written by hand: no well-kept escaper runs in a browser without a bundler. Backslashes
// where every flavour (CommonMark, Python-Markdown) honours them, else character references.
// GitHub's autolinks (https://…, www.…, name@host) look at the text as written, so one
// character of each is written as a reference; an indent that would make code is written
// with no-break spaces (the same width, but no indent to Markdown).
const md = (s) => String(s)
  .replace(/[\\\x60*_[\]]/g, '\\$&')                    // emphasis, code (\x60 is a backtick), links, images
  .replace(/[<&|~@]/g, (c) => `&#${c.charCodeAt(0)};`)    // HTML, references, tables, strikethrough, e-mail links
  .replace(/:\/\//g, '&#58;//')                            // https://… and every other scheme://
  .replace(/(www)\./gi, '$1&#46;')                        // www.…
  .replace(/^[ \t]+/gm, (indent) => indent.replace(/\t/g, '    ').replace(/ /g, '\u00a0'))  // code blocks
  .replace(/^(\s*)([#>+=-])/gm, (m, space, c) => space + (c === '=' ? '&#61;' : `\\${c}`))  // headings, quotes, lists, rules
  .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');               // numbered lists
const oneLine = (s) => md(s.trim().replace(/\s*\n\s*/g, ' '));  // a list item is one line
// A line break typed inside a paragraph stays one (two spaces at the end of a line, which
// CommonMark and Python-Markdown both honour); a line of spaces alone stays a blank line.
const keepLines = (s) => s.split('\n').map((line) => (line.trim() ? line : '')).join('\n').replace(/(.)\n(?=.)/g, '$1  \n');
const NONE = '_(no answer)_';
const filled = (list) => list.filter((s) => s.trim());

// One entry per answer shape (answers.js).
const MARKDOWN = {
  text: (v) => (v.trim() ? keepLines(md(v.trim())) : NONE),
  rating: (v) => (v === null ? '_(no rating)_' : `**${v}** out of 10`),
  lines: (v) => filled(v).map((s, i) => `${i + 1}. ${oneLine(s)}`).join('\n') || NONE,
  columns: (v, fs) => columnsOf(fs).map((c, i) => {
    const items = filled(v[i]).map((s) => `- ${oneLine(s)}`).join('\n') || '- _(nothing yet)_';
    return `**${md(c.dataset.column)}**\n\n${items}`;
  }).join('\n\n'),
  choices: (v, fs) => {
    const items = boxesOf(fs).map((c) => `- [${v.checked.includes(c.value) ? 'x' : ' '}] ${oneLine(c.value)}`);
    if (v.other.trim()) items.push(`- Something else: ${oneLine(v.other)}`);
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

/* Import from a downloaded JSON file: checked whole before anything changes (its shape,
   its days and numbers, its questions), refused with a plain reason, else brought together
   with what is here (answers the file has fill in or replace, histories are merged), after
   the reader has seen what will change; and undone like clearing (clear.js). */
import { boxesOf, columnsOf, isBlank, lineInputs } from './answers.js';
import { el, confirmChange } from './dialog.js';
import { isoDay, realDay } from './history.js';
import { fitLines, numbers, same, unionRatings } from './merge.js';
import { FORMAT, VERSION } from './store.js';

const MAX_BYTES = 2_000_000;    // a worksheet's answers, however long, are far less
// Ratings of one question, in a file and here together: a rating a day for ten years. Each
// rating redraws the chart from all of them, so more would make every click slow.
const MAX_POINTS = 3_660;
const TOO_MANY = `more than ${MAX_POINTS.toLocaleString('en-GB')} ratings for one question (ten years of a rating a day)`;
const NOT_IMPORTED = 'Nothing was changed.';

const isText = (v) => typeof v === 'string';
const texts = (v) => Array.isArray(v) && v.every(isText);
const fits = (list, slots) => (list.length > slots ? fitLines(list, [], slots) : list);

// For each answer shape (answers.js): the file's answer as this worksheet holds it, or undefined
// when it is not of that shape.
const READ = {
  text: (v) => (isText(v) ? v : undefined),
  rating: (v) => (Number.isInteger(v) && v >= 0 && v <= 10 ? v : undefined),
  lines: (v, fs) => (texts(v) ? fits(v, lineInputs(fs).length) : undefined),
  columns: (v, fs) => (Array.isArray(v) && v.every(texts)
    ? columnsOf(fs).map((c, i) => fits(v[i] || [], lineInputs(c).length)) : undefined),
  choices: (v, fs) => {
    if (!v || typeof v !== 'object' || !texts(v.checked ?? []) || !isText(v.other ?? '')) return undefined;
    const items = boxesOf(fs).map((c) => c.value);
    return { checked: (v.checked ?? []).filter((item) => items.includes(item)), other: v.other ?? '' };
  },
};

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const refused = (why) => ({ problem: `That file cannot be imported: ${why}. ${NOT_IMPORTED}` });

function readAnswersOf(sheet, raw) {
  const answers = {};
  let leftOut = 0;
  if (raw === undefined || raw === null) return { answers, leftOut };
  if (!isRecord(raw)) return refused('its answers are not written the way this site writes them');
  const known = new Map(sheet.questions.map((fs) => [fs.dataset.question, fs]));
  for (const id of Object.keys(raw)) {
    const fs = known.get(id);
    if (!fs) { leftOut += isBlank(raw[id]) ? 0 : 1; continue; }
    if (raw[id] === null) continue;
    const value = READ[fs.dataset.shape](raw[id], fs);
    if (value === undefined) return refused(`its answer to ${numbers([fs])} is not the kind of answer that question takes`);
    answers[id] = value;
  }
  return { answers, leftOut };
}

function readRatingsOf(sheet, raw) {
  const ratings = {};
  let leftOut = 0;
  if (raw === undefined || raw === null) return { ratings, leftOut };
  if (!isRecord(raw)) return refused('its rating history is not written the way this site writes it');
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  for (const id of Object.keys(raw)) {
    const list = raw[id];
    if (!Array.isArray(list)) return refused('its rating history is not written the way this site writes it');
    if (list.length > MAX_POINTS) return refused(`it holds ${TOO_MANY}`);
    const unreal = list.find((r) => !isRecord(r) || !realDay(r.date));
    if (unreal) return refused(`it has a rating dated ${JSON.stringify(isRecord(unreal) ? unreal.date : unreal).slice(0, 40)}, which is not a real day`);
    const early = list.find((r) => r.date > isoDay(tomorrow));  // a day ahead: a file from further east
    if (early) return refused(`it has a rating dated ${early.date}, a day that has not come yet`);
    const wrong = list.find((r) => !Number.isInteger(r.value) || r.value < 0 || r.value > 10);
    if (wrong) return refused(`it has a rating of ${JSON.stringify(wrong.value).slice(0, 20)}, where a rating is a whole number from 0 to 10`);
    if (sheet.ratingIds.includes(id)) ratings[id] = list.map((r) => ({ date: r.date, value: r.value }));
    else leftOut += list.length;
  }
  return { ratings, leftOut };
}

/** The file's answers and ratings for this worksheet, or the reason it cannot be imported. */
export async function readImport(sheet, file) {
  if (file.size > MAX_BYTES) return { problem: 'That file is too large to be answers downloaded from this site.' };
  let data;
  try { data = JSON.parse(await file.text()); } catch (e) { return { problem: 'That file is not a JSON file from this site.' }; }
  if (!isRecord(data) || data.format !== FORMAT) return { problem: 'That file is not a worksheet download from this site.' };
  if (data.version !== VERSION) return { problem: 'That file comes from another version of this site; it cannot be read here.' };
  if (data.worksheet !== sheet.slug) return { problem: `That file holds answers for another worksheet (${String(data.worksheet).slice(0, 80)}).` };
  const answers = readAnswersOf(sheet, data.answers);
  if (answers.problem) return answers;
  const ratings = readRatingsOf(sheet, data.ratings);
  if (ratings.problem) return ratings;
  return { answers: answers.answers, ratings: ratings.ratings, leftOut: answers.leftOut + ratings.leftOut };
}

/** What importing would do: per question, added or replaced; ratings added, days differing. */
function plan(sheet, found) {
  const now = sheet.snapshot(), answers = { ...now.answers }, adds = [], replaces = [];
  sheet.questions.forEach((fs) => {
    const id = fs.dataset.question, value = found.answers[id];
    if (value === undefined || isBlank(value) || same(value, now.answers[id])) return;
    answers[id] = value;
    (isBlank(now.answers[id]) ? adds : replaces).push(fs);
  });
  return { answers, adds, replaces, ...unionRatings(sheet.ratingIds, now.ratings, found.ratings) };
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const unknown = (n) => (n === 1 ? '1 answer or rating' : `${n} answers or ratings`);

/** What importing does, in a line each: before (`done` false, in the question) or after. */
function changes(sheet, p, leftOut, done) {
  const [add, replace, keep, leave] = done ? ['Added', 'Replaced', 'Kept', 'Left out'] : ['Adds', 'Replaces', 'Keeps', 'Leaves out'];
  const lines = [];
  if (p.adds.length) lines.push(`${add} answers to ${numbers(p.adds)}.`);
  if (p.replaces.length) lines.push(`${replace} your answers to ${numbers(p.replaces)} with the file’s.`);
  if (p.added) lines.push(`${add} ${plural(p.added, 'rating')} to your rating history${sheet.saving ? '' : ' (kept in this tab while saving is off)'}.`);
  if (p.differ) lines.push(`${keep} your ${plural(p.differ, 'rating')} here where the file has another one for the same day.`);
  if (leftOut) lines.push(`${leave} ${unknown(leftOut)} for questions this worksheet does not have.`);
  return lines;
}

export async function importFile(sheet, file) {
  const found = await readImport(sheet, file);
  if (found.problem) { sheet.say(found.problem); return; }
  const p = plan(sheet, found);
  const crowded = sheet.questions.find((fs) => (p.ratings[fs.dataset.question] || []).length > MAX_POINTS);
  if (crowded) { sheet.say(refused(`with the ratings here, ${numbers([crowded])} would have ${TOO_MANY}`).problem); return; }
  const lines = changes(sheet, p, found.leftOut, false);
  if (!p.adds.length && !p.replaces.length && !p.added) {
    const leftOut = found.leftOut ? ` ${lines[lines.length - 1]}` : '';
    sheet.say(`Nothing to import: what ${file.name} holds is already here.${leftOut}`);
    return;
  }
  const yes = await confirmChange(sheet.root, 'import', {
    title: `Import from ${file.name}?`, parts: lines.map((line) => el('p', {}, line)), yes: 'Import', no: 'Cancel',
  });
  if (!yes) return;
  sheet.remember('Undo the import', 'Redo the import');
  sheet.fill({ answers: p.answers, ratings: p.ratings });
  sheet.persist('imported');
  sheet.say(`Imported from ${file.name}. ${changes(sheet, p, found.leftOut, true).join(' ')}`);
}

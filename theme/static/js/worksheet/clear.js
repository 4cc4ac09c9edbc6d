/* Clearing asks first and says what will go: the answers, and, only if the reader ticks
   it, the rating history (weeks of re-ratings are never lost by one click). Undo brings back
   everything removed since the page was opened (Sheet.remember, kept in memory only) in one
   go, and says exactly what it brought back. */
import { isBlank } from './answers.js';
import { el, confirmChange } from './dialog.js';
import { longDate } from './history.js';
import { combine, numbers, same, unionRatings } from './merge.js';
import { TAB, forget, leaveDevice } from './store.js';

/** "5 ratings saved between 2 March 2026 and 20 November 2026", or '' when there are none. */
function describeRatings(ratings) {
  const all = Object.values(ratings).flat().map((r) => r.date).sort();
  if (!all.length) return '';
  const span = all[0] === all[all.length - 1] ? `on ${longDate(all[0])}`
    : `between ${longDate(all[0])} and ${longDate(all[all.length - 1])}`;
  return `${all.length} rating${all.length === 1 ? '' : 's'} saved ${span}`;
}

const answeredIn = (sheet, answers) => sheet.questions.filter((fs) => !isBlank(answers[fs.dataset.question]));

export async function clearAnswers(sheet) {
  const answered = answeredIn(sheet, sheet.answers()).length;
  const ratings = describeRatings(sheet.ratings);
  if (!answered && !ratings) { sheet.say('There is nothing to clear.'); return; }
  const history = ratings && el('input', { type: 'checkbox', id: `${sheet.root.id}-clear-history` });
  const yes = await confirmChange(sheet.root, 'clear', {
    title: 'Clear this worksheet?',
    parts: [el('p', {}, answered
      ? `This removes your answers to ${answered} of the ${sheet.questions.length} questions from this page${sheet.saving ? ' and from this device' : ''}.`
      : 'You have not answered any question yet.'),
    ...(history ? [
      el('p', { className: 'worksheet-save' }, history, el('label', { htmlFor: history.id }, `Also delete your rating history: ${ratings}.`)),
      el('p', { className: 'worksheet-help' }, 'Leave this unticked to keep it, so you can still see how things have changed.'),
    ] : [])],
    yes: 'Clear', no: 'Keep everything',
  });
  const withHistory = Boolean(history && history.checked);
  if (!yes || (!answered && !withHistory)) return;
  const wasSaving = sheet.saving;
  sheet.remember('Undo clearing', 'Undo: bring back what I typed after clearing');
  sheet.fill({ answers: null, ratings: withHistory ? null : sheet.ratings });
  const keptHistory = Object.keys(sheet.ratings).length > 0;
  if (keptHistory) {
    sheet.persist('cleared');
  } else {  // nothing is left to keep: nothing stays behind, and saving is off
    leaveDevice(sheet.key, 'cleared');
    forget(TAB, sheet.key);
    sheet.seen = null;
    sheet.showSaving(false);
    sheet.refresh();
  }
  sheet.unsaved = false;
  sheet.say(keptHistory ? `Your answers were cleared. Your rating history is kept${wasSaving ? ' on this device' : ''}.`
    : `Your answers${ratings ? ' and rating history' : ''} were cleared from this page${wasSaving ? ' and this device' : ''}.`);
}

/** Everything the remembered actions removed, oldest first: where two of them removed
    different answers to one question, both are kept (merge.combine). */
function gathered(sheet) {
  const [first, ...later] = sheet.lost.map((entry) => entry.before);
  const all = { answers: { ...first.answers }, ratings: first.ratings, saving: first.saving };
  later.forEach((s) => {
    sheet.questions.forEach((fs) => {
      const id = fs.dataset.question;
      all.answers[id] = combine(fs, all.answers[id], s.answers[id]);
    });
    all.ratings = unionRatings(sheet.ratingIds, all.ratings, s.ratings).ratings;
    all.saving ||= s.saving;
  });
  return all;
}

const listed = (parts) => (parts.length < 2 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
const pointsIn = (ratings) => new Set(Object.entries(ratings).flatMap(([id, list]) => list.map((r) => `${id} ${r.date} ${r.value}`)));

/** What Undo did, in one sentence: what came back, and what went (Redo has it). */
function told(sheet, back, now) {
  const [backPoints, nowPoints] = [pointsIn(back.ratings), pointsIn(now.ratings)];
  const returned = sheet.questions.filter((fs) => !isBlank(back.answers[fs.dataset.question])
    && !same(back.answers[fs.dataset.question], now.answers[fs.dataset.question]));
  const removed = sheet.questions.filter((fs) => isBlank(back.answers[fs.dataset.question]) && !isBlank(now.answers[fs.dataset.question]));
  const gained = [...backPoints].filter((p) => !nowPoints.has(p)).length, dropped = [...nowPoints].filter((p) => !backPoints.has(p)).length;
  const came = [], went = [];
  if (returned.length) came.push(`your ${returned.length === 1 ? 'answer' : 'answers'} to ${numbers(returned)}`);
  if (gained) came.push(`${count(gained, 'rating')} of your history`);
  if (back.saving && !now.saving) came.push('saving on this device');
  if (removed.length) went.push(`the ${removed.length === 1 ? 'answer' : 'answers'} to ${numbers(removed)}`);
  if (dropped) went.push(count(dropped, 'rating'));
  const said = [came.length && `Brought back ${listed(came)}.`, went.length && `Took out ${listed(went)}, as before.`].filter(Boolean);
  return { text: said.join(' ') || 'Everything was already as it was.', redo: went.length > 0 };
}

export function undo(sheet) {
  if (!sheet.lost.length) return;
  const [first] = sheet.lost, now = sheet.snapshot(), back = gathered(sheet);
  back.saving ||= now.saving;  // undo never turns saving off
  sheet.forgetUndo();
  if (back.saving && !now.saving) {
    sheet.showSaving(true);
    forget(TAB, sheet.key);
    sheet.seen = null;  // what another tab saved meanwhile is brought in, not written over
  }
  sheet.fill(back);
  sheet.persist('undo');
  const { text, redo } = told(sheet, back, now);
  sheet.say(text);
  if (redo && first.again) {  // what undoing took out (typed after clearing, or imported) is a click away
    sheet.remember(first.again, first.label, now);
  } else {
    sheet.status.tabIndex = -1;  // the button is gone: the reader lands on what happened
    sheet.status.focus();
  }
}

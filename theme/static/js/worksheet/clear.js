/* Clearing asks first and says what will go: the answers, and, only if the reader ticks
   it, the rating history (weeks of re-ratings are never lost by one click). What went can
   be had back until the reader leaves the page (Sheet.snapshot, kept in memory only). */
import { isBlank } from './answers.js';
import { longDate } from './history.js';
import { DEVICE, TAB, forget } from './store.js';

/** "5 ratings saved between 2 March 2026 and 20 November 2026", or '' when there are none. */
function describeRatings(ratings) {
  const all = Object.values(ratings).flat().map((r) => r.date).sort();
  if (!all.length) return '';
  const span = all[0] === all[all.length - 1] ? `on ${longDate(all[0])}`
    : `between ${longDate(all[0])} and ${longDate(all[all.length - 1])}`;
  return `${all.length} rating${all.length === 1 ? '' : 's'} saved ${span}`;
}

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** {history: true|false}, or null when the reader keeps everything. */
function askToClear(root, { answered, total, saving, ratings }) {
  const id = `${root.id}-clear`;
  const history = ratings && el('input', { type: 'checkbox', id: `${id}-history` });
  const dialog = el('dialog', { className: 'worksheet-dialog' },
    el('form', { method: 'dialog' },
      el('h2', { id: `${id}-title` }, 'Clear this worksheet?'),
      el('p', {}, answered
        ? `This removes your answers to ${answered} of the ${total} questions from this page${saving ? ' and from this device' : ''}.`
        : 'You have not answered any question yet.'),
      ...(history ? [
        el('p', { className: 'worksheet-save' }, history, el('label', { htmlFor: history.id },
          `Also delete your rating history: ${ratings}.`)),
        el('p', { className: 'worksheet-help' }, 'Leave this unticked to keep it, so you can still see how things have changed.'),
      ] : []),
      el('p', {}, 'You can undo this until you leave the page.'),
      el('p', { className: 'worksheet-actions' },
        el('button', { type: 'submit', value: 'clear' }, 'Clear'),
        el('button', { type: 'submit', value: 'keep', autofocus: true }, 'Keep everything'))));
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'clear' ? { history: Boolean(history && history.checked) } : null);
      dialog.remove();
    }, { once: true });
    root.append(dialog);
    dialog.showModal();
  });
}

export async function clearAnswers(sheet) {
  const answers = sheet.answers();
  const answered = sheet.questions.filter((fs) => !isBlank(answers[fs.dataset.question])).length;
  const ratings = describeRatings(sheet.ratings);
  if (!answered && !ratings) { sheet.say('There is nothing to clear.'); return; }
  const choice = await askToClear(sheet.root, { answered, total: sheet.questions.length, saving: sheet.saving, ratings });
  if (!choice || (!answered && !choice.history)) return;
  const before = sheet.snapshot();
  sheet.fill({ answers: null, ratings: choice.history ? null : sheet.ratings });
  const keptHistory = Object.keys(sheet.ratings).length > 0;
  if (keptHistory) {
    sheet.persist();
  } else {  // nothing is left to keep: nothing stays behind, and saving is off
    forget(DEVICE, sheet.key);
    forget(TAB, sheet.key);
    sheet.setSaving(false);
  }
  sheet.unsaved = false;
  sheet.say(keptHistory ? `Your answers were cleared. Your rating history is kept${before.saving ? ' on this device' : ''}.`
    : `Your answers${ratings ? ' and rating history' : ''} were cleared from this page${before.saving ? ' and this device' : ''}.`);
  sheet.offerUndo(before, 'Undo clearing');
}

export function undo(sheet) {
  const now = sheet.snapshot();
  const back = sheet.undo;
  sheet.fill(back);
  sheet.setSaving(back.saving);
  sheet.persist();
  sheet.say('Everything is back as it was.');
  sheet.undo = null;
  sheet.undoButton.hidden = true;
  // Anything typed after clearing can be had back in turn.
  if (!isBlank(now.answers) && JSON.stringify(now.answers) !== JSON.stringify(back.answers)) {
    sheet.offerUndo(now, 'Undo: bring back what I typed after clearing');
  }
}

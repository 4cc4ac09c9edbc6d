/* Another tab saved, cleared or stopped saving this worksheet on the device: bring that in
   here question by question (merge.js), never write over what this tab holds that the other
   did not see, keep both where both tabs wrote, and say what really happened. */
import { isBlank, writeAnswers } from './answers.js';
import { cleanRatings } from './history.js';
import { mirror } from './print.js';
import { numbers, same, threeWay, threeWayRatings } from './merge.js';
import { DEVICE, TAB, forget, parse, raw } from './store.js';

const NEWS = {
  cleared: 'Your answers were cleared in another tab; your rating history is kept.',
  imported: 'Answers imported in another tab are shown here too.',
  undo: 'What Undo brought back in another tab is shown here too.',
};

/** Why the device copy went: the note left by the tab that removed it (store.leaveDevice). */
function leavingReason(texts) {
  for (const text of texts) {
    try { const note = JSON.parse(text); if (note && note.leaving) return note.leaving; } catch (e) { /* not a note */ }
  }
  return '';
}

const hasAny = (snapshot) => !isBlank(snapshot.answers) || Object.keys(snapshot.ratings).length > 0;

export function follow(sheet, event) {
  const text = raw(DEVICE, sheet.key);
  if (text === sheet.seen) return;
  const theirs = parse(text);
  if (!sheet.saving) {  // this tab keeps its own copy until the reader ticks Save here too
    if (!theirs || !event || parse(event.oldValue)) return;
    if (isBlank(sheet.answers()) && !Object.keys(sheet.ratings).length) {  // nothing of its own: as on a reload
      sheet.showSaving(true);
      sheet.seen = text;
      sheet.fill(theirs);
      sheet.say('Brought in the answers saved on this device in another tab.');
    } else {
      sheet.say('Saving on this device was turned on in another tab. What you write here stays in this tab; tick Save on this device to keep it together with the answers saved there.');
    }
    return;
  }
  if (!theirs) { departed(sheet, leavingReason([event?.newValue, event?.oldValue])); return; }
  bringIn(sheet, text, theirs);
}

function bringIn(sheet, text, theirs) {
  const joining = sheet.seen === null, base = parse(sheet.seen), mine = sheet.snapshot();
  const merged = threeWay(sheet.questions, base?.answers, mine.answers, theirs.answers);
  const ratings = threeWayRatings(sheet.ratingIds, base?.ratings, mine.ratings, cleanRatings(theirs.ratings, sheet.ratingIds));
  const replaced = merged.taken.filter((fs) => !isBlank(mine.answers[fs.dataset.question]));
  if (replaced.length && NEWS[theirs.change]) sheet.remember(theirs.change === 'cleared' ? 'Undo clearing' : 'Undo', 'Redo');
  sheet.fill({ answers: merged.answers, ratings });
  sheet.seen = text;
  if (!same(merged.answers, theirs.answers) || !same(ratings, cleanRatings(theirs.ratings, sheet.ratingIds))) sheet.persist('merged');
  let news = '';
  const from = merged.taken.length ? ` (${numbers(merged.taken)} came from there)` : '';
  if (joining) news = `Saved on this device, together with the answers already saved there${from}.`;
  else if (merged.taken.length) news = NEWS[theirs.change] || `Brought in what you wrote in another tab: ${numbers(merged.taken)}.`;
  if (merged.both.length) {
    news += ` ${numbers(merged.both).replace('q', 'Q')} ${merged.both.length > 1 ? 'were' : 'was'} answered in another tab too: both answers are kept. Choose under the question if you want only one.`;
    merged.both.forEach((fs) => offerChoice(sheet, fs, mine.answers[fs.dataset.question], theirs.answers[fs.dataset.question]));
  }
  if (news) sheet.say(news.trim());
}

/** The device copy was removed in another tab: unticked there (the answers stay here, in this
    tab), or cleared there (cleared here too, but for what this tab wrote that was never saved). */
function departed(sheet, why) {
  const mine = sheet.snapshot(), base = parse(sheet.seen);
  sheet.seen = null;
  if (hasAny(mine)) sheet.remember(why === 'cleared' ? 'Undo clearing' : 'Undo: save on this device again', 'Redo');
  sheet.showSaving(false);
  if (why !== 'cleared') {
    sheet.fill({ answers: mine.answers, ratings: null });
    sheet.persist();
    sheet.say(why === 'saving-off'
      ? 'Saving on this device was turned off in another tab: nothing from this worksheet is stored on this device now. Your answers here are kept in this tab until you close it.'
      : 'Your answers are no longer saved on this device (they were removed outside this page). What is on this page is kept in this tab until you close it.');
    return;
  }
  const kept = threeWay(sheet.questions, base?.answers, mine.answers, {}).answers;
  sheet.fill({ answers: kept, ratings: null });
  if (isBlank(kept)) { forget(TAB, sheet.key); sheet.unsaved = false; } else sheet.persist();
  sheet.say(`Your answers${Object.keys(mine.ratings).length ? ' and rating history' : ''} were cleared in another tab.${
    isBlank(kept) ? '' : ' What you wrote here since then is kept in this tab until you close it.'}`);
}

const button = (text, onClick) => {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text });
  b.addEventListener('click', onClick);
  return b;
};

/** Both answers are in the question now; the reader may keep only one (undo can bring it back). */
function offerChoice(sheet, fs, mine, theirs) {
  fs.querySelector('.ws-both')?.remove();
  const note = Object.assign(document.createElement('div'), { className: 'ws-both no-print' });
  const choose = (value, what) => () => {
    sheet.remember('Undo', 'Redo');
    writeAnswers([fs], { [fs.dataset.question]: value });
    mirror(sheet.root);
    sheet.rate([fs]);
    sheet.persist('chosen');
    note.remove();
    fs.querySelector('textarea, input').focus();
    sheet.say(`Kept ${what} for ${numbers([fs])}.`);
  };
  const text = document.createElement('p');
  if (fs.dataset.shape === 'rating') {
    text.textContent = `Another tab chose ${theirs} here; this tab’s ${mine} is kept.`;
    note.append(text, button(`Use ${theirs} instead`, choose(theirs, `the other tab’s ${theirs}`)));
  } else {
    text.textContent = 'Answered in another tab too: both answers are kept here, this tab’s first.';
    note.append(text, button('Keep only this tab’s answer', choose(mine, 'only this tab’s answer')),
      button('Keep only the other tab’s answer', choose(theirs, 'only the other tab’s answer')));
  }
  (fs.querySelector('.question-help') || fs.querySelector('legend')).after(note);
}

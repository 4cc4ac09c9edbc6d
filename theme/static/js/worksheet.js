/* Stepwise worksheets: nothing typed is lost by accident, and nothing leaves the browser.
   While "Save on this device" is off, answers are kept in this tab (sessionStorage) and
   leaving the page asks first; ticked, they are kept in this browser (localStorage) with
   the day of every rating. Clearing and importing ask first and can be undone until the
   page is left. The page always shows what is stored, never what the browser refilled.
   Each worksheet is set up in named steps (setUp, at the foot); what a question's answer
   is made of comes from its markup (worksheet/answers.js). */
import { isBlank } from './worksheet/answers.js';
import { isoDay, longDate } from './worksheet/history.js';
import { addPrintCopies, mirror } from './worksheet/print.js';
import { Sheet, loadSync } from './worksheet/sheet.js';
import { DEVICE, TAB, forget, leaveDevice, load, parse, raw } from './worksheet/store.js';

// Downloads, import, clearing and undo load once the reader starts using the worksheet (a
// reader who only reads the post does not fetch them), so they are at hand, offline too, when needed.
let tools = null;
const loadTools = () => {
  tools ||= Promise.all([import('./worksheet/files.js'), import('./worksheet/clear.js'), import('./worksheet/importer.js'), loadSync()])
    .then((modules) => Object.assign({}, ...modules))
    .catch((error) => { tools = null; throw error; });
  return tools;
};

function savedOn(record) {
  const when = new Date(record.saved);
  return Number.isNaN(when.getTime()) ? '' : ` on ${longDate(isoDay(when))}`;  // the reader's own day
}

/** What storage holds, on the page: this tab's own copy first (saving is off in this tab),
    else the device's; blank when neither, whatever the browser put back into the form. */
function showStored(sheet) {
  const text = raw(DEVICE, sheet.key);
  const saved = parse(text);
  let draft = load(TAB, sheet.key);
  if (draft && isBlank(draft.answers) && !Object.keys(draft.ratings || {}).length) { forget(TAB, sheet.key); draft = null; }
  sheet.showSaving(Boolean(saved) && !draft);
  sheet.seen = sheet.saving ? text : null;
  sheet.fill(draft || saved);
  sheet.unsaved = Boolean(draft) && !isBlank(draft.answers);
  return { saved, draft };
}

function restoreAnswers(sheet) {
  sheet.forgetUndo();
  sheet.root.querySelectorAll('.ws-both').forEach((choice) => choice.remove());
  const { saved, draft } = showStored(sheet);
  if (draft && saved) {
    sheet.say('Brought back what you wrote in this tab. Other answers to this worksheet are saved on this device: tick Save on this device to keep both together.');
  } else if (saved) {
    sheet.say(`Restored the answers saved on this device${savedOn(saved)}.`);
  } else {
    sheet.say(sheet.unsaved ? 'Brought back what you wrote in this tab. It is not saved on this device.' : '');
  }
}

function followTyping(sheet) {
  sheet.root.addEventListener('input', (e) => {
    if (e.target.matches('[data-save], [data-import], dialog *')) return;
    if (e.target.type === 'radio') sheet.rate([e.target.closest('fieldset')]);
    mirror(sheet.root);
    sheet.persist();
  });
}

/** Choosing the number already chosen on an earlier day keeps it for today too (a click, or
    Space, which on a chosen radio button sends no click). */
function followRatingAgain(sheet) {
  const rateAgain = (e) => {
    if (e.target.type !== 'radio' || !sheet.saving || (e.type === 'keyup' && e.key !== ' ')) return;
    const before = JSON.stringify(sheet.ratings);
    sheet.rate([e.target.closest('fieldset')]);
    if (JSON.stringify(sheet.ratings) !== before) sheet.persist();
  };
  sheet.root.addEventListener('click', rateAgain);
  sheet.root.addEventListener('keyup', rateAgain);
}

/** A list line is one line: Enter goes on to the next field (without a script, a new line). */
function keepLinesOneLine(sheet) {
  sheet.root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !e.target.matches('textarea.line')) return;
    e.preventDefault();
    const fields = [...sheet.root.querySelectorAll('textarea, input:not([type=file])')];
    const next = fields[fields.indexOf(e.target) + 1];
    if (next) next.focus();
  });
}

/** Ticked: the answers move from this tab to this device, joining any another tab saved there. */
function saveOnDevice(sheet) {
  // Ask the browser not to evict the answers under storage pressure; it may say no.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  sheet.showSaving(true);
  forget(TAB, sheet.key);
  sheet.seen = null;  // answers another tab saved here already are brought in, not written over
  sheet.rate(sheet.questions);
  sheet.persist();
}

/** Unticked: nothing stays on the device (other tabs are told why); this tab keeps the answers. */
function stopSaving(sheet) {
  sheet.remember('Undo: save on this device again', '', { ...sheet.snapshot(), saving: true });  // the box is unticked already
  sheet.showSaving(false);
  sheet.fill({ answers: sheet.answers(), ratings: null });
  leaveDevice(sheet.key, 'saving-off');
  sheet.seen = null;
  sheet.persist();
  sheet.say('Saving is off: nothing from this worksheet is stored on this device now. What you type is kept in this tab until you close it.');
}

/** The number chosen on an earlier day, kept for today as well (the history's button). */
function keepForToday(sheet, fs) {
  const chosen = fs.querySelector('input:checked');
  sheet.rate([fs]);
  sheet.persist('rated');
  chosen.focus();
  sheet.say(`Rated ${chosen.value} again today, ${longDate(isoDay(new Date()))}.`);
}

function connectButtons(sheet) {
  const downloaded = (name) => { sheet.unsaved = false; sheet.say(`Downloaded ${name}.`); };
  const actions = {
    print: () => window.print(),
    markdown: async () => downloaded((await loadTools()).downloadMarkdown(sheet)),
    json: async () => downloaded((await loadTools()).downloadJson(sheet)),
    clear: async () => (await loadTools()).clearAnswers(sheet),
    undo: async () => (await loadTools()).undo(sheet),
    'rate-today': (button) => keepForToday(sheet, button.closest('fieldset')),
  };
  sheet.root.addEventListener('focusin', () => loadTools().catch(() => {}), { once: true });
  sheet.root.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button || button.closest('dialog')) return;
    Promise.resolve(actions[button.dataset.action](button))
      .catch(() => sheet.say('That did not load. Check your connection, then try again.'));
  });
  window.addEventListener('beforeprint', () => mirror(sheet.root));
}

function connectImport(sheet) {
  sheet.root.querySelector('[data-import]').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) await (await loadTools()).importFile(sheet, file).catch(() => sheet.say('That did not load. Check your connection, then try again.'));
  });
}

/** Saved answers changed or removed in another tab are brought in here (sync.js). */
function followOtherTabs(sheet) {
  window.addEventListener('storage', (e) => {
    if (e.key === sheet.key || e.key === null) sheet.follow(e);
  });
}

/** Leaving with answers that are neither on this device nor downloaded asks first; but not
    when the reader follows a link that takes the answers along in this tab (data-carries-answers:
    the worksheet's own page, and every post or episode with the same worksheet), unless it
    opens elsewhere. */
function askBeforeLeaving(sheet) {
  let carried = 0;
  document.addEventListener('click', (e) => {
    const plain = e.button === 0 && !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey);
    if (plain && e.target.closest('a[data-carries-answers]')) carried = Date.now();
  });
  window.addEventListener('beforeunload', (e) => {
    if (!sheet.unsaved || Date.now() - carried < 2000) return;
    e.preventDefault();
    e.returnValue = '';  // older browsers ask only when this is set
  });
}

/** Back to a page: the browser puts back what the form held when it was left, just before
    pageshow (boxes and radio buttons too, after this script has run), and a page kept in
    memory (the back/forward cache) shows what it held then. Either way another page may have
    changed or cleared the answers since: show what storage holds now. What could be undone
    went with the leaving. */
function followReturns(sheet) {
  window.addEventListener('pagehide', () => sheet.forgetUndo());
  window.addEventListener('pageshow', (e) => (e.persisted ? restoreAnswers : showStored)(sheet));
}

function revealTools(sheet) {
  sheet.root.querySelectorAll('[data-tools], [data-save-row], [data-where]').forEach((el) => { el.hidden = false; });
}

function setUp(root) {
  const sheet = new Sheet(root);
  addPrintCopies(root);
  restoreAnswers(sheet);
  followTyping(sheet);
  followRatingAgain(sheet);
  keepLinesOneLine(sheet);
  sheet.saveBox.addEventListener('change', () => (sheet.saving ? saveOnDevice : stopSaving)(sheet));
  connectButtons(sheet);
  connectImport(sheet);
  followOtherTabs(sheet);
  askBeforeLeaving(sheet);
  followReturns(sheet);
  revealTools(sheet);
}

document.querySelectorAll('.worksheet[data-storage-key]').forEach(setUp);

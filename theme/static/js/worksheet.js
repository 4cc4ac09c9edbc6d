/* Stepwise worksheets: nothing typed is lost by accident, and nothing leaves the browser.
   While "Save on this device" is off, answers are kept in this tab (sessionStorage) and
   leaving the page asks first; ticked, they are kept in this browser (localStorage) with
   the day of every rating. Clearing asks first and can be undone until the page is left.
   Each worksheet is set up in named steps (setUp, at the foot); what a question's answer
   is made of comes from its markup (worksheet/answers.js). */
import { isBlank } from './worksheet/answers.js';
import { longDate } from './worksheet/history.js';
import { addPrintCopies, mirror } from './worksheet/print.js';
import { Sheet } from './worksheet/sheet.js';
import { DEVICE, TAB, load } from './worksheet/store.js';

// Downloads, import and clearing load once the reader starts using the worksheet (a reader
// who only reads the post does not fetch them), so they are at hand, offline too, when needed.
let tools = null;
const loadTools = () => {
  tools ||= Promise.all([import('./worksheet/files.js'), import('./worksheet/clear.js')])
    .then(([files, clear]) => ({ ...files, ...clear }))
    .catch((error) => { tools = null; throw error; });
  return tools;
};

function restoreAnswers(sheet) {
  const saved = load(DEVICE, sheet.key);
  const draft = saved ? null : load(TAB, sheet.key);
  sheet.setSaving(Boolean(saved));
  if (saved || draft) sheet.fill(saved || draft); else mirror(sheet.root);
  if (saved) {
    const day = String(saved.saved || '').slice(0, 10);
    sheet.say(/^\d{4}-\d\d-\d\d$/.test(day) ? `Restored the answers saved on this device on ${longDate(day)}.`
      : 'Restored the answers saved on this device.');
  } else if (draft && !isBlank(draft.answers)) {
    sheet.unsaved = true;
    sheet.say('Brought back what you wrote in this tab. It is not saved on this device.');
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

function followSaveSwitch(sheet) {
  sheet.saveBox.addEventListener('change', () => {
    if (sheet.saving) {
      // Ask the browser not to evict the answers under storage pressure; it may say no.
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      sheet.setSaving(true);
      sheet.rate(sheet.questions);
      sheet.persist();
      return;
    }
    const before = { ...sheet.snapshot(), saving: true };
    sheet.fill({ answers: before.answers, ratings: null });
    sheet.setSaving(false);
    sheet.persist();
    sheet.say('Saving is off: nothing from this worksheet is stored on this device now. What you type is kept in this tab until you close it.');
    sheet.offerUndo(before, 'Undo: save on this device again');
  });
}

function connectButtons(sheet) {
  const downloaded = (name) => { sheet.unsaved = false; sheet.say(`Downloaded ${name}.`); };
  const actions = {
    print: () => window.print(),
    markdown: async () => downloaded((await loadTools()).downloadMarkdown(sheet)),
    json: async () => downloaded((await loadTools()).downloadJson(sheet)),
    clear: async () => (await loadTools()).clearAnswers(sheet),
    undo: async () => (await loadTools()).undo(sheet),
  };
  sheet.root.addEventListener('focusin', () => loadTools().catch(() => {}), { once: true });
  sheet.root.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button || button.closest('dialog')) return;
    Promise.resolve(actions[button.dataset.action]())
      .catch(() => sheet.say('That did not load. Check your connection, then try again.'));
  });
  window.addEventListener('beforeprint', () => mirror(sheet.root));
}

function connectImport(sheet) {
  sheet.root.querySelector('[data-import]').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    const { data, problem } = await (await loadTools()).readImport(sheet, file);
    if (problem) { sheet.say(problem); return; }
    sheet.fill(data);
    sheet.persist();
    sheet.say(`Imported your answers from ${file.name}.`);
  });
}

/** Saved answers changed in another tab are shown here too; cleared there, they go here too,
    so a stale tab cannot write back what the reader removed from the device. */
function followOtherTabs(sheet) {
  window.addEventListener('storage', (e) => {
    if (e.key !== sheet.key || !sheet.saving) return;
    const data = load(DEVICE, sheet.key);
    sheet.fill(data);
    if (data) return;
    sheet.setSaving(false);
    sheet.say('Your answers were cleared in another tab.');
  });
}

/** Leaving with answers that are neither on this device nor downloaded asks first; but not
    when the reader follows a link that takes the answers along in this tab (data-carries-answers,
    such as the worksheet's own page), unless it opens elsewhere. */
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

function revealTools(sheet) {
  sheet.root.querySelectorAll('[data-tools], [data-save-row], [data-where]').forEach((el) => { el.hidden = false; });
}

function setUp(root) {
  const sheet = new Sheet(root);
  addPrintCopies(root);
  restoreAnswers(sheet);
  followTyping(sheet);
  followSaveSwitch(sheet);
  connectButtons(sheet);
  connectImport(sheet);
  followOtherTabs(sheet);
  askBeforeLeaving(sheet);
  revealTools(sheet);
}

document.querySelectorAll('.worksheet[data-storage-key]').forEach(setUp);

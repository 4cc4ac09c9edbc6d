/* One worksheet on the page: its answers, its rating history and where they are kept.
   While saving is off the record is kept in this tab (TAB), and `unsaved` says whether
   leaving would lose anything; while it is on, on this device (DEVICE), shared with every
   other tab: `seen` is the device copy this tab last wrote or took in, so a tab that finds
   another text there brings it in first (sync.js), question by question, and never
   writes over what another tab saved. */
import { isBlank, questionsOf, readAnswers, writeAnswers } from './answers.js';
import { addRating, cleanRatings, showHistory } from './history.js';
import { mirror } from './print.js';
import { DEVICE, FORMAT, TAB, VERSION, keep, raw } from './store.js';

const clock = () => new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
let sync = null;  // sync.js, loaded the first time another tab's changes need bringing in
export const loadSync = () => {
  sync ||= import('./sync.js').catch((error) => { sync = null; throw error; });
  return sync;
};

export class Sheet {
  constructor(root) {
    const $ = (selector) => root.querySelector(selector);
    Object.assign(this, {
      root, key: root.dataset.storageKey, slug: root.dataset.worksheet, title: root.dataset.title,
      questions: questionsOf(root), saveBox: $('[data-save]'), note: $('[data-keep-note]'),
      status: $('[data-status]'), undoButton: $('[data-action=undo]'), ratings: {}, unsaved: false, seen: null, lost: [],
    });
    this.ratingIds = this.questions.filter((fs) => fs.dataset.shape === 'rating').map((fs) => fs.dataset.question);
  }

  get saving() { return this.saveBox.checked; }

  answers() { return readAnswers(this.questions); }

  record(change) {
    const record = { format: FORMAT, version: VERSION, worksheet: this.slug, saved: new Date().toISOString(),
      answers: this.answers(), ratings: this.ratings };
    if (change) record.change = change;
    return record;
  }

  say(text) { this.status.textContent = text; }

  /** Keep the answers where the reader chose: this device, or only this tab. `change` tells
      other tabs what happened ('edit' is said here as "Saved at"; the others by the caller). */
  persist(change = 'edit') {
    if (!this.saving) {
      keep(TAB, this.key, this.record());
      this.unsaved = !isBlank(this.answers());
      return;
    }
    if (raw(DEVICE, this.key) !== this.seen) { this.follow(); return; }  // another tab wrote since
    const text = keep(DEVICE, this.key, this.record(change));
    this.unsaved = !text;
    if (text) this.seen = text;
    if (!text) this.say('This browser would not save your answers (storage is full or turned off). Download a copy instead.');
    else if (change === 'edit') this.say(`Saved on this device at ${clock()}.`);
  }

  /** Bring in what another tab saved (or removed) on this device, then save what this tab adds. */
  follow(event) {
    if (raw(DEVICE, this.key) === this.seen) return Promise.resolve();
    return loadSync().then((s) => s.follow(this, event)).catch(() => {
      this.unsaved = true;  // not written: leaving asks first
      this.say('Your answers changed in another tab, and this page could not bring them in. Reload the page before you go on.');
    });
  }

  fill(data) {
    writeAnswers(this.questions, data && typeof data.answers === 'object' ? data.answers : null);
    this.ratings = cleanRatings(data && data.ratings, this.ratingIds);
    this.refresh();
  }

  refresh() {
    mirror(this.root);
    showHistory(this.questions, this.ratings, this.saving);
  }

  /** The box and the sentence beside it; moving the record is the caller's part. */
  showSaving(on) {
    this.saveBox.checked = on;
    this.note.textContent = on ? this.note.dataset.on : this.note.dataset.off;
  }

  /** With saving on, a rating is kept with its day: a new point, or today's changed. */
  rate(questions) {
    if (!this.saving) return;
    const answers = this.answers();
    questions.filter((fs) => fs.dataset.shape === 'rating' && answers[fs.dataset.question] !== null)
      .forEach((fs) => addRating(this.ratings, fs.dataset.question, answers[fs.dataset.question]));
    showHistory(this.questions, this.ratings, this.saving);
  }

  // Undo (clear.js): everything an action removed since the page was opened, kept in memory
  // only, until the reader undoes it or leaves the page.
  snapshot() { return { answers: this.answers(), ratings: structuredClone(this.ratings), saving: this.saving }; }

  /** Before an action that removes or replaces anything: `label` names its undo, `again` the
      way back from undoing it (if undoing takes anything out). */
  remember(label, again = '', before = this.snapshot()) {
    this.lost.push({ label, again, before });
    const n = this.lost.length;
    const which = n === 2 ? 'both' : `all ${n}`;
    this.undoButton.textContent = n === 1 ? label : `Undo ${which} changes`;
    this.undoButton.hidden = false;
  }

  forgetUndo() {
    this.lost = [];
    this.undoButton.hidden = true;
  }
}

/* One worksheet on the page: its answers, its rating history and where they are kept.
   While saving is off the record is kept in this tab (TAB), and `unsaved` says whether
   leaving would lose anything; while it is on, on this device (DEVICE). */
import { isBlank, questionsOf, readAnswers, writeAnswers } from './answers.js';
import { addRating, cleanRatings, showHistory } from './history.js';
import { mirror } from './print.js';
import { DEVICE, FORMAT, TAB, VERSION, forget, keep } from './store.js';

const clock = () => new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export class Sheet {
  constructor(root) {
    const $ = (selector) => root.querySelector(selector);
    Object.assign(this, {
      root, key: root.dataset.storageKey, slug: root.dataset.worksheet, title: root.dataset.title,
      questions: questionsOf(root), saveBox: $('[data-save]'), note: $('[data-keep-note]'),
      status: $('[data-status]'), undoButton: $('[data-action=undo]'), ratings: {}, unsaved: false, undo: null,
    });
  }

  get saving() { return this.saveBox.checked; }

  answers() { return readAnswers(this.questions); }

  record() {
    return { format: FORMAT, version: VERSION, worksheet: this.slug, saved: new Date().toISOString(),
      answers: this.answers(), ratings: this.ratings };
  }

  say(text) { this.status.textContent = text; }

  /** Keep the answers where the reader chose: this device, or only this tab. */
  persist() {
    if (!this.saving) {
      keep(TAB, this.key, this.record());
      this.unsaved = !isBlank(this.answers());
    } else if (keep(DEVICE, this.key, this.record())) {
      this.say(`Saved on this device at ${clock()}.`);
    } else {
      this.say('This browser would not save your answers (storage is full or turned off). Download a copy instead.');
    }
  }

  fill(data) {
    writeAnswers(this.questions, data && typeof data.answers === 'object' ? data.answers : null);
    this.ratings = cleanRatings(data && data.ratings);
    mirror(this.root);
    showHistory(this.questions, this.ratings);
  }

  /** Turn saving on or off: the record moves between this device and this tab. */
  setSaving(on) {
    this.saveBox.checked = on;
    this.note.textContent = on ? this.note.dataset.on : this.note.dataset.off;
    forget(on ? TAB : DEVICE, this.key);
    if (on) this.unsaved = false;
  }

  /** With saving on, a rating is kept with its day: a new point, or today's changed. */
  rate(questions) {
    if (!this.saving) return;
    const answers = this.answers();
    questions.filter((fs) => fs.dataset.shape === 'rating' && answers[fs.dataset.question] !== null)
      .forEach((fs) => addRating(this.ratings, fs.dataset.question, answers[fs.dataset.question]));
    showHistory(this.questions, this.ratings);
  }

  // Undo (clear.js): what was removed, kept in memory until the reader leaves the page.
  snapshot() { return { answers: this.answers(), ratings: structuredClone(this.ratings), saving: this.saving }; }

  offerUndo(snapshot, label) {
    this.undo = snapshot;
    this.undoButton.textContent = label;
    this.undoButton.hidden = false;
  }
}

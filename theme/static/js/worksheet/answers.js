/* What an answer is made of, read from the markup: each question's fieldset says its
   shape (data-shape, from the worksheet plugin's table of kinds). For each shape: how to
   read the answer from the controls and put it back (files.js writes it as Markdown).
   A new kind of question built from an existing shape needs no change here. */
export const lineInputs = (root) => [...root.querySelectorAll('.lines .line')];
export const columnsOf = (fs) => [...fs.querySelectorAll('[data-column]')];
export const boxesOf = (fs) => [...fs.querySelectorAll('input[type=checkbox]')];
const strings = (v, n) => Array.from({ length: n }, (_, i) => (Array.isArray(v) && typeof v[i] === 'string' ? v[i] : ''));
const setLines = (root, v) => {
  const inputs = lineInputs(root);
  strings(v, inputs.length).forEach((s, i) => setValue(inputs[i], s));
};
// Only a changed value is written: writing the same one would move the caret of a field in use.
const setValue = (field, v) => { if (field.value !== v) field.value = v; };

const SHAPES = {
  text: {
    get: (fs) => fs.querySelector('textarea').value,
    set: (fs, v) => setValue(fs.querySelector('textarea'), typeof v === 'string' ? v : ''),
  },
  rating: {
    get: (fs) => { const c = fs.querySelector('input:checked'); return c ? Number(c.value) : null; },
    set: (fs, v) => fs.querySelectorAll('input[type=radio]').forEach((r) => { r.checked = Number(r.value) === v; }),
  },
  lines: {
    get: (fs) => lineInputs(fs).map((i) => i.value),
    set: setLines,
  },
  columns: {
    get: (fs) => columnsOf(fs).map((c) => lineInputs(c).map((i) => i.value)),
    set: (fs, v) => columnsOf(fs).forEach((c, n) => setLines(c, Array.isArray(v) ? v[n] : [])),
  },
  choices: {
    get: (fs) => {
      const other = fs.querySelector('[data-other]');
      return { checked: boxesOf(fs).filter((c) => c.checked).map((c) => c.value), other: other ? other.value : '' };
    },
    set: (fs, v) => {
      const checked = v && Array.isArray(v.checked) ? v.checked : [];
      boxesOf(fs).forEach((c) => { c.checked = checked.includes(c.value); });
      const other = fs.querySelector('[data-other]');
      if (other) setValue(other, v && typeof v.other === 'string' ? v.other : '');
    },
  },
};

/** The questions of a worksheet whose shape this script knows. */
export const questionsOf = (root) => [...root.querySelectorAll('fieldset[data-question]')]
  .filter((fs) => fs.dataset.shape in SHAPES);

const shape = (fs) => SHAPES[fs.dataset.shape];
export const readAnswers = (questions) => Object.fromEntries(questions.map((fs) => [fs.dataset.question, shape(fs).get(fs)]));
export const writeAnswers = (questions, answers) => questions.forEach((fs) => shape(fs).set(fs, answers?.[fs.dataset.question] ?? null));

/** No text, no rating and no ticked box, however deep. */
export const isBlank = (v) => {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return !v.trim();
  if (typeof v === 'number') return false;
  return Object.values(v).every(isBlank);
};

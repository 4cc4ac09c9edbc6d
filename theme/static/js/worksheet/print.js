/* Paper. A text field prints only its visible rows, so each one gets a copy that holds the
   whole answer and is shown only on paper (worksheet.css: a blank copy prints as ruled lines
   for handwriting, a filled one as plain text, never both).
   A question is kept whole on one page unless its answers are long (data-print-long): then
   it may break between lines, so no page is left half empty in front of it. Its prompt prints
   from a copy in the flow of the question (the legend floats, and a float cannot hold on to
   what follows it), so "never end a page after the prompt" holds. */
const LONG_LINES = 14;       // a third of an A4 page of 11 pt text, with the prompt
const CHARS_PER_LINE = 80;   // a printed line of answer text, about

export function addPrintCopies(root) {
  root.querySelectorAll('textarea').forEach((field) => {
    const copy = document.createElement('div');
    copy.className = field.classList.contains('line') ? 'print-copy' : 'print-copy print-copy-area';
    copy.setAttribute('aria-hidden', 'true');
    copy.dir = 'auto';   // an answer in Arabic or Hebrew prints right to left, as it was typed
    field.after(copy);
  });
  root.querySelectorAll('fieldset[data-question] > legend').forEach((legend) => {
    const prompt = document.createElement('div');
    prompt.className = 'print-prompt';
    prompt.setAttribute('aria-hidden', 'true');
    prompt.textContent = legend.textContent.replace(/\s+/g, ' ').trim();
    legend.after(prompt);
  });
  root.classList.add('has-print-copies');
}

const printedLines = (text) => text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / CHARS_PER_LINE)), 0);

export function mirror(root) {
  root.querySelectorAll('.print-copy').forEach((copy) => { copy.textContent = copy.previousElementSibling.value; });
  root.querySelectorAll('fieldset[data-question]').forEach((fs) => {
    const lines = [...fs.querySelectorAll('.print-copy')].reduce((n, c) => n + printedLines(c.textContent), 0);
    fs.toggleAttribute('data-print-long', lines > LONG_LINES);
  });
}

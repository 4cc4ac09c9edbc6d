/* Copy buttons for the addresses in .copy-address boxes (the podcast and posts feeds).
   Without JavaScript the address is plain text that one tap selects (CSS user-select: all);
   the button appears only when this script runs, and says whether the copy worked. */

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** The clipboard where the browser offers it, else the older copy command on the selection. */
async function copied(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { return false; }
  }
  try { return document.execCommand('copy'); } catch (e) { return false; }
}

async function copy(button) {
  // The address is found inside the button's own box, never by id: an element of a post
  // with the same id (DOM clobbering) could otherwise stand in for it.
  const box = button.closest('.copy-address');
  const source = box && box.querySelector('.copy-text');
  const status = box && box.querySelector('.copy-status');
  if (!source) return;
  selectText(source);
  const ok = await copied(source.textContent.trim());
  if (status) status.textContent = ok ? 'Copied.' : 'Selected: copy it with your device’s Copy.';
}

document.querySelectorAll('button[data-copy-target]').forEach((button) => {
  button.hidden = false;  // shown only when it can work
  button.addEventListener('click', () => copy(button));
});

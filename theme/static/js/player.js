/* Stepwise podcast player helpers: chapter and transcript links seek the player,
   and the current transcript cue is marked (copy.js copies the feed address).
   No framework, no inline script (the CSP forbids it). Without JavaScript the
   links still open the audio file at that time (#t=). */

/** The <audio> itself, found by element and id: a post may hold no <audio>, so an element of
    a post with the same id (DOM clobbering) can never be taken for the player. */
const audioById = (id) => (id ? document.querySelector(`audio[id="${CSS.escape(id)}"]`) : null);

/** preload="none" means nothing is loaded yet: a time set before the metadata arrives is
    dropped, so load first and seek once the duration is known. */
function seek(audio, start) {
  const go = () => {
    audio.currentTime = start;
    audio.play()?.catch(() => {});
  };
  if (audio.readyState >= 1) { go(); return; }
  audio.addEventListener('loadedmetadata', go, { once: true });
  audio.preload = 'metadata';
  audio.load();
}

function markCurrentCue(list, audio) {
  const now = audio.currentTime;
  list.querySelectorAll('li[data-start]').forEach((item) => {
    const inside = now >= parseFloat(item.dataset.start) && now < parseFloat(item.dataset.end);
    if (inside) item.setAttribute('aria-current', 'time');
    else item.removeAttribute('aria-current');
  });
}

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-seek]');
  if (!link) return;
  const audio = audioById(link.dataset.playerTarget);
  const start = parseFloat(link.dataset.seek);
  if (!audio || Number.isNaN(start)) return;
  event.preventDefault();
  seek(audio, start);
  audio.focus();
});

document.querySelectorAll('[data-transcript-for]').forEach((list) => {
  const audio = audioById(list.dataset.transcriptFor);
  if (audio) audio.addEventListener('timeupdate', () => markCurrentCue(list, audio));
});

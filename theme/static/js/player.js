/* Stepwise podcast player helpers: chapter and transcript links seek the player,
   and the current transcript cue is marked (copy.js copies the feed address).
   No framework, no inline script (the CSP forbids it). Without JavaScript the
   links still open the audio file at that time (#t=). */
(function () {
  "use strict";

  /* The <audio> itself, found by element and id: a post may hold no <audio>, so an element of
     a post with the same id (DOM clobbering) can never be taken for the player. */
  function audioById(id) {
    return id ? document.querySelector('audio[id="' + CSS.escape(id) + '"]') : null;
  }

  function playerFor(link) {
    return audioById(link.getAttribute("data-player-target"));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-seek]") : null;
    if (!link) { return; }
    var audio = playerFor(link);
    var start = parseFloat(link.getAttribute("data-seek"));
    if (!audio || isNaN(start)) { return; }
    event.preventDefault();
    seek(audio, start);
    audio.focus();
  });

  /* preload="none" means nothing is loaded yet: a time set before the metadata
     arrives is dropped, so load first and seek once the duration is known. */
  function seek(audio, start) {
    function go() {
      audio.currentTime = start;
      var playing = audio.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
    }
    if (audio.readyState >= 1) { go(); return; }
    audio.addEventListener("loadedmetadata", go, { once: true });
    audio.preload = "metadata";
    audio.load();
  }

  function markCurrentCue(list, audio) {
    var now = audio.currentTime;
    var items = list.querySelectorAll("li[data-start]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var inside = now >= parseFloat(item.getAttribute("data-start")) &&
                   now < parseFloat(item.getAttribute("data-end"));
      if (inside) { item.setAttribute("aria-current", "time"); }
      else { item.removeAttribute("aria-current"); }
    }
  }

  var lists = document.querySelectorAll("[data-transcript-for]");
  Array.prototype.forEach.call(lists, function (list) {
    var audio = audioById(list.getAttribute("data-transcript-for"));
    if (!audio) { return; }
    audio.addEventListener("timeupdate", function () { markCurrentCue(list, audio); });
  });
}());

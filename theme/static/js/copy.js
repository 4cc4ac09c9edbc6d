/* Copy buttons for the addresses in .copy-address boxes (the podcast and posts feeds).
   Without JavaScript the address is plain text that one tap selects (CSS user-select: all);
   the button appears only when this script runs, and says whether the copy worked. */
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    /* The address is found inside the button's own box, never by id: an element of a post
       with the same id (DOM clobbering) could otherwise stand in for it. */
    var box = button.closest(".copy-address");
    var source = box ? box.querySelector(".copy-text") : null;
    var status = box ? box.querySelector(".copy-status") : null;
    if (!source) { return; }
    function done(ok) {
      if (status) { status.textContent = ok ? "Copied." : "Selected: copy it with your device's Copy."; }
    }
    selectText(source);
    var text = source.textContent.trim();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok);
  }

  var buttons = document.querySelectorAll("button[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;  /* shown only when it can work */
    button.addEventListener("click", function () { copy(button); });
  });
}());

// A page left at an old address (theme/templates/redirect.html) sends the reader on at once.
// The meta refresh does that without JavaScript, but drops the part of the address after
// '#' (/episodes/old/#subscribe should land on #subscribe). With a fragment, this script,
// which runs before the browser reaches the refresh, stops the page there and goes to the
// new address with the fragment kept.
(function () {
  "use strict";
  var target = document.currentScript && document.currentScript.getAttribute("data-target");
  if (!target || !location.hash) return;
  var next = new URL(target, location.href);
  next.hash = location.hash;
  window.stop();
  location.replace(next.href);
})();

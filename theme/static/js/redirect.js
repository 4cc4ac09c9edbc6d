// A page left at an old address (theme/templates/redirect.html) sends the reader on at once.
// The meta refresh does that without JavaScript, but drops the part of the address after
// '#' (/episodes/old/#subscribe should land on #subscribe). With a fragment, this module
// goes to the new address with the fragment kept. It runs once the page is parsed, before
// the load event, and the browser follows a refresh only after that event: this goes first.
const script = document.querySelector('script[data-redirect-target]');
const target = script && script.dataset.redirectTarget;
if (target && location.hash) {
  const next = new URL(target, location.href);
  next.hash = location.hash;
  window.stop();  // the refresh, waiting for the load event, is never followed
  location.replace(next.href);
}

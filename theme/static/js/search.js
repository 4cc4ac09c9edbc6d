// Site search: Pagefind's JS API, loaded from this site's own /pagefind/ folder.
// Without JavaScript the page says so and links the archives (see search.html).
// Found by element and id together, so no other element with one of these ids can stand in.
const form = document.querySelector('form#search-form');
const input = form.querySelector('input#search-q');
const status = document.querySelector('p#search-status');
const list = document.querySelector('ol#search-results');
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ excerptLength: 24 });
  }
  return pagefind;
}

// Pagefind marks matches with <mark> in an HTML excerpt; keep only text and <mark>.
function excerpt(html) {
  const p = document.createElement('p');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

// Pagefind answers a word it does not know with the longest beginning of it that it does
// know ("axyzzy" finds every "a"). A result whose every highlighted word is such a one- or
// two-letter beginning of a longer word searched for matched nothing the reader typed.
function stray(data, query) {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  const marks = [...data.excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1].toLowerCase());
  return marks.length > 0 && marks.every((m) => m.length <= 2 && words.some((w) => w.length > m.length + 2 && w.startsWith(m)));
}

function result(data) {
  const li = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  li.append(heading, excerpt(data.excerpt));
  return li;
}

// Nothing found: someone searching for help (a helpline's name) is pointed at the numbers
// to call, which stand at the top of every page (the crisis strip, #urgent-help).
function nothingFound(query) {
  const link = document.createElement('a');
  link.href = '#urgent-help';
  link.textContent = 'at the top of this page';
  status.replaceChildren(`Nothing found for “${query}”. Try another word, or browse the archives. `
    + 'If you need help now, the numbers to call are ', link, '.');
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = 'Type a word or two, then press Search.';
    return;
  }
  status.textContent = 'Searching…';
  try {
    const found = await (await engine()).search(query);
    const data = (await Promise.all(found.results.slice(0, 20).map((r) => r.data()))).filter((d) => !stray(d, query));
    list.replaceChildren(...data.map(result));
    const count = data.length < Math.min(20, found.results.length) ? data.length : found.results.length;
    if (count === 0) nothingFound(query);
    else status.textContent = `${count} result${count === 1 ? '' : 's'} for “${query}”.`;
  } catch (error) {
    status.textContent = 'Search could not load. Browse the archives or topics instead.';
    console.error(error);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('q', input.value);
  history.replaceState(null, '', url);
  run(input.value);
});

const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  run(initial);
}

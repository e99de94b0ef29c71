// Search in Material's header, answered by Pagefind (pagefind/pagefind.js).
// Nothing is downloaded until the reader types; then Pagefind fetches only the
// index chunks the words need and the fragments of the results shown.
// Keys as in Material: "/", "s" or "f" open search, arrows move through the
// results, Escape closes. Result text is set as text; only Pagefind's <mark>
// around the matched words becomes markup.
//
// Results come in Pagefind's order, with one exception: a page that distills
// others (an FAQ entry, the conversations it answers) is never listed below
// them. It comes just above the highest-ranked of them, however low Pagefind
// ranks it. Such a page names each page it distills with the Pagefind filter
// DISTILLS, valued with that page's URL (openbook.search.site writes it).

// Pagefind escapes "<" and ">" of the page's text in excerpts, and nothing else.
const decode = (html) => html.replaceAll("&lt;", "<").replaceAll("&gt;", ">");

// Pagefind's excerpt is the page's text with "<" and ">" escaped and <mark>
// around the matches. Split on the marks and set the rest as text, so no
// other markup can ever reach the page.
export const excerpt = (html) => {
  const out = document.createDocumentFragment();
  let marked = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    const text = document.createTextNode(decode(part));
    if (marked) {
      const mark = document.createElement("mark");
      mark.append(text);
      out.append(mark);
    } else {
      out.append(text);
    }
  }
  return out;
};

// "Ask a question" (openbook-ask.js) imports it from here: this script is on every
// page already, so the ask page fetches nothing more for it.

const root = document.querySelector("[data-openbook-search]");
const toggle = document.getElementById("__search");

// Results fetched per page of results: each is one small fragment download.
const PAGE = 10;
// The filter of a page that distills others; the same name as openbook.search.site.DISTILLS.
const DISTILLS = "openbook_distills";

if (root && toggle) {
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const more = root.querySelector(".md-search-result__more");
  const bundle = new URL(root.dataset.openbookSearch, location.href);
  const base = new URL(root.dataset.openbookBase, location.href).pathname;

  let pagefind = null;
  // One query: Pagefind's results in its order, and how far the list has got.
  const query = (serial, term = "", found = null) => ({
    serial,
    term,
    results: found?.results ?? [],
    byId: new Map((found?.results ?? []).map((result) => [result.id, result])),
    // How many of the results each DISTILLS value has: those pages are among them.
    distilled: found?.filters?.[DISTILLS] ?? {},
    // Results taken from Pagefind's order so far, and those listed.
    next: 0,
    listed: new Set(),
    busy: false,
  });
  let current = query(0);

  const load = () => {
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      // No worker: Pagefind's worker script is a second copy of its search
      // code (12 KB gzipped), for a search this small to run on the main thread.
      await module.options({ baseUrl: base, excerptLength: 24, noWorker: true });
      await module.init();
      return module;
    });
    return pagefind;
  };

  const say = (key, count) => {
    meta.textContent = meta.dataset[key].replace("#", String(count));
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h2");
    // The title is the page text as it is, unescaped: set as text.
    title.textContent = data.meta.title || data.url;
    const text = document.createElement("p");
    text.append(excerpt(data.excerpt || ""));
    article.append(title, text);
    link.append(article);
    li.append(link);
    return li;
  };

  // The results that distill the page at `url`, in Pagefind's order: a search
  // of their own, so they are found wherever they rank, with no fragment fetched.
  const distilling = async (run, url) => {
    if (!run.distilled[url]) return [];
    const module = await load();
    const found = await module.search(run.term, { filters: { [DISTILLS]: url } });
    return found.results.map((result) => run.byId.get(result.id)).filter(Boolean);
  };

  // The next PAGE results in Pagefind's order, each preceded by the results that
  // distill it and are not listed yet. A result listed early is skipped where
  // Pagefind ranks it, and the list only ever grows at its end: a page that
  // ranks above everything it distills simply stays where it is.
  const showMore = async () => {
    const run = current;
    if (run.busy) return;
    // One page at a time: a second click on "Show more" while one loads would list it twice.
    run.busy = true;
    try {
      const batch = [];
      while (batch.length < PAGE && run.next < run.results.length) {
        const result = run.results[run.next++];
        if (!run.listed.has(result.id)) batch.push(result);
      }
      const data = await Promise.all(batch.map((result) => result.data()));
      const above = await Promise.all(data.map((page) => distilling(run, page.raw_url)));
      if (run !== current) return;
      const rows = [];
      batch.forEach((result, at) => {
        for (const entry of [...above[at], result]) {
          if (run.listed.has(entry.id)) continue;
          run.listed.add(entry.id);
          rows.push(entry === result ? data[at] : entry.data());
        }
      });
      const shown = await Promise.all(rows);
      if (run !== current) return;
      list.append(...shown.map(item));
      more.hidden = run.listed.size >= run.results.length;
    } finally {
      run.busy = false;
    }
  };

  const search = async (term) => {
    const serial = ++current.serial;
    if (!term.trim()) {
      current = query(serial, term);
      list.replaceChildren();
      more.hidden = true;
      say("placeholder", 0);
      return;
    }
    const module = await load();
    // The words' index chunks and the DISTILLS filter (one small file, none if
    // no page distills another), so that the search counts its values among
    // the results. Only that filter: module.filters() would also load the Ask
    // page's openbook_kind, which lists every answered question. Pagefind
    // keeps what it loaded, so a later keystroke fetches only new chunks.
    await module.preload(term, { filters: { [DISTILLS]: "/" } });
    // A later keystroke's search goes on alone: this one must not supersede it in Pagefind's debounce.
    if (serial !== current.serial) return;
    const found = await module.debouncedSearch(term, {}, 120);
    // null: a later keystroke superseded this search.
    if (found === null || serial !== current.serial) return;
    current = query(serial, term, found);
    list.replaceChildren();
    await showMore();
    if (serial !== current.serial) return;
    const count = found.results.length;
    say(count === 0 ? "none" : count === 1 ? "one" : "other", count);
  };

  const open = () => {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  };
  const close = () => {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  };
  const links = () => [...list.querySelectorAll(".md-search-result__link")];

  input.addEventListener("focus", open);
  input.addEventListener("input", () => search(input.value));
  form.addEventListener("reset", () => {
    search("");
    input.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    links()[0]?.click();
  });
  more.addEventListener("click", showMore);
  // On a phone the header's magnifier checks the toggle: the box gets the focus.
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  // Leaving the box with the keyboard, or clicking elsewhere, closes it.
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
  document.addEventListener("pointerdown", (event) => {
    const label = event.target.closest?.("label[for='__search']");
    if (toggle.checked && !root.contains(event.target) && !label) close();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const inside = root.contains(document.activeElement);
    if (toggle.checked && inside) {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
        input.blur();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        const next = at === -1 ? (step === 1 ? 0 : all.length - 1) : at + step;
        if (next < 0 || next >= all.length) input.focus();
        else all[next].focus();
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (!typing && ["/", "s", "f"].includes(event.key)) {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });
}

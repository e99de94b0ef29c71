// Search in Material's header, answered by Pagefind (pagefind/pagefind.js).
// Nothing is downloaded until the reader types; then Pagefind fetches only the
// index chunks the words need and the fragments of the results shown.
// Keys as in Material: "/", "s" or "f" open search, arrows move through the
// results, Escape closes. Result text is set as text; only Pagefind's <mark>
// around the matched words becomes markup.

const root = document.querySelector("[data-openbook-search]");
const toggle = document.getElementById("__search");

// Results fetched per page of results: each is one small fragment download.
const PAGE = 10;

if (root && toggle) {
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const more = root.querySelector(".md-search-result__more");
  const bundle = new URL(root.dataset.openbookSearch, location.href);
  const base = new URL(root.dataset.openbookBase, location.href).pathname;
  // Pagefind escapes "<" and ">" of the page's text in excerpts, and nothing else.
  const decode = (html) => html.replaceAll("&lt;", "<").replaceAll("&gt;", ">");

  let pagefind = null;
  let current = { serial: 0, results: [], shown: 0, term: "" };

  const load = () => {
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      await module.options({ baseUrl: base, excerptLength: 24 });
      await module.init();
      return module;
    });
    return pagefind;
  };

  const say = (key, count) => {
    meta.textContent = meta.dataset[key].replace("#", String(count));
  };

  // Pagefind's excerpt is the page's text with "<" and ">" escaped and <mark>
  // around the matches. Split on the marks and set the rest as text, so no
  // other markup can ever reach the page.
  const excerpt = (html) => {
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

  const showMore = async () => {
    const { serial, results, shown } = current;
    const next = await Promise.all(results.slice(shown, shown + PAGE).map((result) => result.data()));
    if (serial !== current.serial) return;
    list.append(...next.map(item));
    current.shown = shown + next.length;
    more.hidden = current.shown >= results.length;
  };

  const search = async (term) => {
    const serial = ++current.serial;
    if (!term.trim()) {
      current = { serial, results: [], shown: 0, term };
      list.replaceChildren();
      more.hidden = true;
      say("placeholder", 0);
      return;
    }
    const module = await load();
    const found = await module.debouncedSearch(term, {}, 120);
    // null: a later keystroke superseded this search.
    if (found === null || serial !== current.serial) return;
    current = { serial, results: found.results, shown: 0, term };
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

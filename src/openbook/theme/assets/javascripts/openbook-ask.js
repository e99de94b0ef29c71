// "Ask a question" (openbook/questions/templates/ask.html): search this site
// with Pagefind as the reader types a title, and carry the title into the
// question form's link. Without this script the page is a plain link to the
// form. Pagefind is this site's own bundle: no other host is contacted, and
// nothing is fetched until the reader types.
//
// FAQ entries come first, then answered questions, then everything else, each
// group in Pagefind's order. Pages say what they are with the Pagefind filter
// KIND: an FAQ entry "faq" (faq/templates/entry-top.html), a question with a
// staff answer "answered" (questions/templates/question.html). Result text is
// set as text; only Pagefind's <mark> around the matched words becomes markup.

// The excerpt as text with only Pagefind's <mark>, as the header's search shows it.
import { excerpt } from "./openbook-search.js";

const root = document.querySelector("[data-openbook-ask]");

// How many matches are listed: enough to spot an answer, few enough to read.
const SHOWN = 6;
const KIND = "openbook_kind";
const GROUPS = ["faq", "answered"];
const LABELS = { faq: "FAQ", answered: "Answered question" };

if (root) {
  const search = root.querySelector(".openbook-ask__search");
  const input = root.querySelector(".openbook-ask__input");
  const status = root.querySelector(".openbook-ask__status");
  const list = root.querySelector(".openbook-ask__results");
  const go = root.querySelector(".openbook-ask__go");
  const form = root.dataset.form;
  const bundle = new URL(root.dataset.bundle, location.href);
  const base = new URL(root.dataset.base, location.href).pathname;

  let pagefind = null;
  let serial = 0;

  const load = () => {
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      await module.options({ baseUrl: base, excerptLength: 20 });
      await module.init();
      return module;
    });
    return pagefind;
  };

  // The typed words become the title, as one encoded parameter: `&` or
  // `#` in a title cannot add or change parameters of the form's URL.
  const carry = (term) => {
    const title = term.trim().replace(/\s+/g, " ");
    go.href = title ? `${form}&title=${encodeURIComponent(title)}` : form;
  };

  const item = (data, kind) => {
    const li = document.createElement("li");
    li.className = "openbook-ask__result";
    const link = document.createElement("a");
    link.href = data.url;
    // The title is the page's text as it is, unescaped: set as text.
    link.textContent = data.meta.title || data.url;
    li.append(link);
    if (kind) {
      const tag = document.createElement("span");
      tag.className = `openbook-ask__kind openbook-ask__kind--${kind}`;
      tag.textContent = LABELS[kind];
      li.append(" ", tag);
    }
    const text = document.createElement("p");
    text.append(excerpt(data.excerpt || ""));
    li.append(text);
    return li;
  };

  const say = (count) => {
    status.textContent =
      count === 0
        ? "Nothing on this site matches yet: ask us."
        : count === 1
          ? "1 page on this site may already answer it, listed below."
          : `${count} pages on this site may already answer it, listed below.`;
  };

  const run = async (term) => {
    const mine = ++serial;
    carry(term);
    if (!term.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    let module;
    try {
      module = await load();
    } catch {
      status.textContent = "Search is not available here; you can still ask us.";
      return;
    }
    const found = await module.debouncedSearch(term, {}, 150);
    // null: a later keystroke superseded this search.
    if (found === null || mine !== serial) return;
    const grouped = await Promise.all(
      GROUPS.map((kind) => module.search(term, { filters: { [KIND]: kind } }).catch(() => ({ results: [] }))),
    );
    if (mine !== serial) return;
    const kinds = new Map();
    const picked = [];
    const seen = new Set();
    grouped.forEach((group, at) => {
      for (const result of group.results) if (!kinds.has(result.id)) kinds.set(result.id, GROUPS[at]);
    });
    for (const result of [...grouped.flatMap((group) => group.results), ...found.results]) {
      if (seen.has(result.id)) continue;
      seen.add(result.id);
      picked.push(result);
      if (picked.length === SHOWN) break;
    }
    const data = await Promise.all(picked.map((result) => result.data()));
    if (mine !== serial) return;
    list.replaceChildren(...data.map((page, at) => item(page, kinds.get(picked[at].id))));
    say(picked.length);
  };

  search.hidden = false;
  input.addEventListener("input", () => run(input.value));
  // Enter asks: the link already carries the title.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      carry(input.value);
      go.click();
    }
  });
  // A title typed before the script ran (or kept by the browser on "Back").
  if (input.value) run(input.value);
}

// Wide tables: Material wraps every table in a scrolling box, which the
// keyboard cannot reach (axe: scrollable-region-focusable). A box whose table
// is wider than the column becomes a focusable region named by the table's
// caption, so keyboard users can scroll it with the arrow keys.

const label = (wrap) => {
  const caption = wrap.querySelector("caption");
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  let heading = wrap.previousElementSibling;
  while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
  const name = heading ? heading.textContent.replace(/\s*¶\s*$/, "").trim() : "";
  return name ? `Table: ${name}` : "Table";
};

const mark = () => {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
};

// Material wraps the tables once the document is ready; "load" comes after.
window.addEventListener("load", mark);
let pending = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(mark);
});

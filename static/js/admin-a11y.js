// Name the admin's autocomplete fields (select2) after their label, so screen readers
// announce "Fachforum" and not nothing: select2 names its combobox only by the chosen
// value, and marks that value as an unnamed textbox (axe "aria-input-field-name").
"use strict";

(function () {
  function labelText(select) {
    const own = select.getAttribute("aria-label");
    if (own) {
      return own;
    }
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(container) {
    const select = container.previousElementSibling;
    const combobox = container.querySelector(".select2-selection[role='combobox']");
    const rendered = container.querySelector(".select2-selection__rendered");
    if (select?.tagName !== "SELECT" || !combobox || !rendered || container.dataset.named) {
      return;
    }
    const text = labelText(select);
    if (!text) {
      return;
    }
    const hidden = document.createElement("span");
    hidden.id = `${rendered.id}-label`;
    hidden.hidden = true;
    hidden.textContent = text;
    container.append(hidden);
    // Label, then value: "Fachforum, Fachforum II (…)".
    combobox.setAttribute("aria-labelledby", `${hidden.id} ${rendered.id}`);
    rendered.removeAttribute("role");
    rendered.removeAttribute("aria-readonly");
    container.dataset.named = "true";
  }

  function nameAll(root) {
    root.querySelectorAll(".select2.select2-container").forEach(name);
  }

  // select2 starts after jQuery's ready, and again for each inline row added.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) {
          continue;
        }
        if (node.matches(".select2.select2-container")) {
          name(node);
        } else {
          nameAll(node);
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => nameAll(document));
})();

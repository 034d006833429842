/*
 * Wagtail 8's rich text editor (Draftail) renders a role="textbox" without an accessible
 * name, and the tag field's jQuery tag-it input has no label: the field's <label> points at
 * a hidden input. Screen readers then announce "edit text" with no hint which of the six
 * report sections has focus. Point each one at its field's visible label, also for editors
 * added later (new inline panels, stream blocks).
 */
(function () {
  "use strict";

  // The visible label points (for=) at the hidden input the widget keeps in sync; for top-level
  // fields Wagtail puts it in the panel header, outside the field's wrapper.
  function labelFor(element) {
    var container = element.closest(".w-field__input");
    var source = container && container.querySelector("input[id], textarea[id]");
    return source ? document.querySelector('label[for="' + source.id + '"]') : null;
  }

  function ensureId(label) {
    if (!label.id) {
      label.id = (label.htmlFor || "field") + "-label";
    }
    return label.id;
  }

  function nameUnlabelled(root) {
    root.querySelectorAll(".public-DraftEditor-content[role=textbox], input.ui-autocomplete-input").forEach(function (element) {
      if (element.hasAttribute("aria-labelledby") || element.hasAttribute("aria-label")) {
        return;
      }
      var label = labelFor(element);
      if (label) {
        element.setAttribute("aria-labelledby", ensureId(label));
      }
    });
  }

  function start() {
    nameUnlabelled(document);
    new MutationObserver(function () {
      nameUnlabelled(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

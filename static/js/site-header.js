// The compact header on narrow screens: search and menu fold behind their buttons. The buttons'
// aria-expanded is the one state; the CSS hides a panel whose button says "false", and only on
// narrow screens and only once this script has run (data-enhanced), so without JavaScript, or on
// a wide screen, every link and the search form show.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  if (!header) {
    return;
  }
  var toggles = header.querySelectorAll("[data-header-toggle]");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeAll() {
    for (var i = 0; i < toggles.length; i += 1) {
      setOpen(toggles[i], false);
    }
  }

  for (var i = 0; i < toggles.length; i += 1) {
    (function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        // One panel at a time keeps the header short.
        closeAll();
        setOpen(button, open);
        var panel = document.getElementById(button.getAttribute("aria-controls"));
        var input = open && panel && panel.querySelector("input[type=text], input[type=search]");
        if (input) {
          input.focus();
        }
      });
    })(toggles[i]);
  }

  header.addEventListener("keydown", function (event) {
    // The search box's own Escape (closing suggestions, clearing the text) comes first.
    if (event.key !== "Escape" || event.defaultPrevented) {
      return;
    }
    for (var j = 0; j < toggles.length; j += 1) {
      var panel = document.getElementById(toggles[j].getAttribute("aria-controls"));
      if (toggles[j].getAttribute("aria-expanded") === "true" && panel && panel.contains(event.target)) {
        setOpen(toggles[j], false);
        toggles[j].focus();
      }
    }
  });

  closeAll();
  header.setAttribute("data-enhanced", "");
})();

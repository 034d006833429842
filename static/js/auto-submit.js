// Forms marked data-auto-submit (the search page's sort order) submit as soon as a choice
// changes, and their own submit button, there for readers without JavaScript, is hidden.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-auto-submit]");
  for (var i = 0; i < forms.length; i += 1) {
    (function (form) {
      var button = form.querySelector("[data-auto-submit-button]");
      if (button) {
        button.hidden = true;
      }
      form.addEventListener("change", function () {
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
      });
    })(forms[i]);
  }
})();

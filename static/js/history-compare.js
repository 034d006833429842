// Turns the "compare two versions" form on a guide's history page into a link to
// the path-based compare route (<history>/<old>/<new>/). Without JavaScript the
// form submits ?old=&new= to the history page itself.
(function () {
  "use strict";
  var form = document.querySelector("form[data-compare-base]");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function (event) {
    var oldChoice = form.querySelector("input[name=old]:checked");
    var newChoice = form.querySelector("input[name=new]:checked");
    if (!oldChoice || !newChoice) {
      return;
    }
    event.preventDefault();
    var oldId = Number(oldChoice.value);
    var newId = Number(newChoice.value);
    // Always compare older to newer, whichever way round the reader picked them.
    var from = Math.min(oldId, newId);
    var to = Math.max(oldId, newId);
    var base = form.getAttribute("data-compare-base");
    if (base.charAt(base.length - 1) !== "/") {
      base += "/";
    }
    window.location.assign(base + from + "/" + to + "/");
  });
})();

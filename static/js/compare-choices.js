// Keeps the reports ticked for comparison when the reader moves to another page of the
// index: the page links carry the chosen ids (?ids=…), and the server renders them back
// as ticked boxes or, for reports on other pages, hidden inputs of the compare form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-compare-choices]");
  if (!form) {
    return;
  }
  function chosenIds() {
    var ids = [];
    var fields = document.querySelectorAll("input[name=ids][form=" + form.id + "]:checked, input[data-chosen-elsewhere]");
    for (var i = 0; i < fields.length; i += 1) {
      if (ids.indexOf(fields[i].value) === -1) {
        ids.push(fields[i].value);
      }
    }
    return ids;
  }
  function updateLinks() {
    var ids = chosenIds();
    var links = document.querySelectorAll(".ds-pagination a[href]");
    for (var i = 0; i < links.length; i += 1) {
      var url = new URL(links[i].href, window.location.href);
      url.searchParams.delete("ids");
      ids.forEach(function (id) {
        url.searchParams.append("ids", id);
      });
      links[i].href = url.pathname + url.search;
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "ids" && event.target.getAttribute("form") === form.id) {
      updateLinks();
    }
  });
  updateLinks();
})();

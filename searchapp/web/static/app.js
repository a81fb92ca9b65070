// Optional enhancements; every control works without this file.
// 1. The sort menu re-runs the search as soon as it changes.
// 2. Empty fields are left out of the search URL, so shared links stay short.
// 3. The "Add a person/place/org" inputs suggest facet values from /api/facets/<kind>?prefix=.
(function () {
  "use strict";

  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.search-form"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value === "" && (field.tagName === "INPUT" || field.tagName === "SELECT")) {
          field.disabled = true;
        }
      });
    });
  });

  // Coming back through the history shows the page as it was left: enable the fields again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.search-form [disabled]"), function (field) {
      field.disabled = false;
    });
  });

  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var kind = input.getAttribute("data-facet-kind");
    var timer = null;
    var lastPrefix = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var prefix = input.value.trim();
        if (prefix.length < 2 || prefix === lastPrefix) { return; }
        lastPrefix = prefix;
        fetch("/api/facets/" + encodeURIComponent(kind) + "?prefix=" + encodeURIComponent(prefix) + "&limit=10",
              { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            var values = data && data.values;
            if (!Array.isArray(values)) { return; }
            list.textContent = "";
            values.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              option.label = item.value + " (" + item.count + ")";
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-facet-kind]"), suggest);
})();

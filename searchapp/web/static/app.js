// Optional enhancements; every control works without this file.
// 1. The sort menu re-runs the search as soon as it changes.
// 2. Empty fields are left out of the search URL, so shared links stay short.
// 3. The "Add a person/place/org" inputs suggest facet values from /api/facets/<kind>?prefix=.
// 4. An article's "Next match" cycles through the search's marked words (n / N keys too).
// 5. A facet's "More" loads its long list in place, with a box that filters it.
// 6. Dates typed in words show the range they resolve to as you type.
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

  // Coming back through the history shows the page as it was left: enable the fields again, and
  // show the search these results are for, not what was typed or picked before leaving (the sort
  // menu saying "Oldest first" over results ranked by relevance).
  window.addEventListener("pageshow", function (event) {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    var returning = event.persisted || (entries.length && entries[0].type === "back_forward");
    Array.prototype.forEach.call(document.querySelectorAll("form.search-form"), function (form) {
      Array.prototype.forEach.call(form.querySelectorAll("[disabled]"), function (field) { field.disabled = false; });
      if (returning) { form.reset(); }
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
              // The other name it was found by ("UK") is in the label, so a browser that filters
              // the list by what was typed keeps it.
              option.label = item.value + (item.alias ? " — " + item.alias : "") + " (" + item.count + ")";
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-facet-kind]"), suggest);
})();

// 4. An article opened from a search: "Next match" / "Previous" (and the n / N keys) step through
//    the marked words in a cycle; without this file they are anchors to the first and last match.
(function () {
  "use strict";

  var marks = document.querySelectorAll("mark.match");
  var steps = document.querySelectorAll("[data-match-step]");
  if (!marks.length || !steps.length) { return; }
  var status = document.querySelector("[data-match-current]");
  var current = -1;
  var fromHash = /^#match-(\d+)$/.exec(window.location.hash);
  if (fromHash) { current = Math.min(marks.length, +fromHash[1]) - 1; }

  function go(index) {
    if (current >= 0) { marks[current].classList.remove("is-current"); }
    current = (index + marks.length) % marks.length;
    var mark = marks[current];
    mark.classList.add("is-current");
    mark.scrollIntoView({ block: "center" });
    if (window.history.replaceState) { window.history.replaceState(null, "", "#" + mark.id); }
    if (status) { status.textContent = "· showing " + (current + 1) + " of " + marks.length; }
  }

  Array.prototype.forEach.call(steps, function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var step = +link.getAttribute("data-match-step");
      go(current < 0 ? (step > 0 ? 0 : marks.length - 1) : current + step);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== "n") { return; }
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    event.preventDefault();
    var step = event.shiftKey ? -1 : 1;
    go(current < 0 ? (step > 0 ? 0 : marks.length - 1) : current + step);
  });
})();

// 5. A facet's "More" loads its longer list in place (the same page with more=<kind>, so the counts
//    are the current results' own), and the box above a long list filters it as you type.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filterBox(section) {
    var input = section.querySelector("[data-facet-filter]");
    if (!input) { return null; }
    input.hidden = false;
    var items = section.querySelectorAll(".facet__item");
    var none = document.createElement("p");
    none.className = "facet__none";
    none.textContent = "No name contains that.";
    none.hidden = true;
    input.insertAdjacentElement("afterend", none);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var name = item.querySelector(".facet__name");
        var match = !wanted || fold(name ? name.textContent : "").indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      none.hidden = shown > 0;
    });
    return input;
  }

  function more(link) {
    var kind = link.getAttribute("data-more");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      link.setAttribute("aria-busy", "true");
      fetch(link.href, { headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.querySelector('section[data-facet="' + kind + '"]');
          var section = link.closest("section[data-facet]");
          if (!fresh || !section) { return Promise.reject("no facet"); }
          swap(section, fresh);
          init(section);
          if (window.history.replaceState) { window.history.replaceState(null, "", link.href); }
          var focus = section.querySelector("[data-facet-filter]") || section.querySelector(".facet__title");
          if (focus) { focus.focus(); }
        })
        .catch(function () { window.location.href = link.href; });   // the plain link's own page
    });
  }

  // The section's heading, list and links from the longer page; its "Add a …" form (whose
  // suggestions are already wired) stays.
  function swap(section, fresh) {
    var form = section.querySelector("form.facet__add");
    Array.prototype.slice.call(section.childNodes).forEach(function (node) {
      if (node !== form) { section.removeChild(node); }
    });
    Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
      if (!(node.matches && node.matches("form.facet__add"))) { section.insertBefore(node, form); }
    });
    section.className = fresh.className;
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[data-more]"), more);
    if (root.matches && root.matches("section[data-facet]")) { filterBox(root); }
    else { Array.prototype.forEach.call(root.querySelectorAll("section[data-facet]"), filterBox); }
  }

  init(document);
})();

// 6. The dates typed in words are resolved as you type (GET /api/dates, the search's own reading
//    of them); without this file the resolved range shows after searching.
(function () {
  "use strict";

  var from = document.getElementById("date-from");
  var to = document.getElementById("date-to");
  var hint = document.getElementById("date-hint");
  if (!from || !to || !hint) { return; }
  var original = hint.innerHTML;
  var timer = null;
  var asked = 0;

  function show(kind, text) {
    hint.textContent = "";
    var span = document.createElement("span");
    span.className = kind;
    if (kind === "resolved-range") {
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = "Dates to search: ";
      span.appendChild(label);
    }
    span.appendChild(document.createTextNode(text));
    hint.appendChild(span);
  }

  function echo() {
    var words = { from: from.value.trim(), to: to.value.trim() };
    if (!words.from && !words.to) { hint.innerHTML = original; return; }
    var ticket = ++asked;
    fetch("/api/dates?from=" + encodeURIComponent(words.from) + "&to=" + encodeURIComponent(words.to),
          { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (ticket !== asked) { return; }   // a newer keystroke's answer wins
        if (data.error) { show("date-hint__error", data.error.message); }
        else { show("resolved-range", data.label); }
      })
      .catch(function () { /* the echo is optional: the search still resolves the dates */ });
  }

  if (from.form) { from.form.addEventListener("reset", function () { hint.innerHTML = original; }); }

  [from, to].forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(echo, 250);
    });
  });
})();

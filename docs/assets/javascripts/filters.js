/*
 * Instant filters for lists marked data-ps-filter (jobs, members, projects).
 *
 * The page lists everything without JavaScript; this script reveals the filter form, hides
 * the rows that do not match, announces the count to screen readers, and keeps the filters in
 * the address (?area=...&q=...) so a filtered view can be shared.
 * Each row (data-ps-row) carries its own values: a control named NAME reads the row's
 * data-ps-NAME attribute (hooks/partnersite/listfilters.py declares the names). A <select>
 * matches a row whose values (separated by spaces) include its value; a search box matches the
 * start of any word of the value, ignoring case and accents. The texts it shows come from the
 * page (data-text-* attributes, in the page's language and typography); the count says how many
 * of the rows shown are fictional examples (data-ps-example).
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function matches(control, row) {
    if (!control.value) return true;
    var value = row.getAttribute("data-ps-" + control.name) || "";
    if (control.type === "search") {
      var words = fold(value).split(/[^a-z0-9]+/);
      var wanted = fold(control.value);
      return (" " + words.join(" ")).indexOf(" " + wanted) !== -1;
    }
    return value.split(" ").indexOf(control.value) !== -1;
  }

  function setHidden(element, hidden) {
    element.hidden = hidden;
    // Material wraps tables in a scrolling box (possibly after this script first ran).
    var box = element.tagName === "TABLE" && element.closest(".md-typeset__scrollwrap");
    if (box) box.hidden = hidden;
  }

  function setup(root) {
    var form = root.querySelector("form.ps-filter");
    if (!form) return;
    var rows = Array.prototype.slice.call(root.querySelectorAll("[data-ps-row]"));
    var tables = Array.prototype.slice.call(root.querySelectorAll("table"));
    var groups = Array.prototype.slice.call(root.querySelectorAll(".ps-group"));
    var controls = Array.prototype.slice.call(form.querySelectorAll("select, input[type=search]"));
    var status = root.querySelector(".ps-filter__status");
    var empty = root.querySelector(".ps-filter__empty");
    var lang = document.documentElement.lang || "en";
    var plural = new Intl.PluralRules(lang);

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      controls.forEach(function (control) {
        var wanted = params.get(control.name) || "";
        if (control.tagName === "SELECT") {
          var known = Array.prototype.some.call(control.options, function (option) {
            return option.value === wanted;
          });
          control.value = known ? wanted : "";
        } else {
          control.value = wanted;
        }
      });
    }

    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      controls.forEach(function (control) {
        if (control.value.trim()) params.set(control.name, control.value.trim());
        else params.delete(control.name);
      });
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", address);
    }

    function counted(name, count) {
      var form = plural.select(count) === "one" ? "one" : "other";
      return status.getAttribute("data-text-" + name + "-" + form).replace("{n}", count.toLocaleString(lang));
    }

    function apply() {
      var shown = 0;
      var examples = 0;
      rows.forEach(function (row) {
        var match = controls.every(function (control) {
          return matches(control, row);
        });
        row.hidden = !match;
        if (match) shown += 1;
        if (match && row.hasAttribute("data-ps-example")) examples += 1;
      });
      tables.forEach(function (table) {
        setHidden(table, !table.querySelector("[data-ps-row]:not([hidden])"));
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-ps-row]:not([hidden])");
      });
      var form = plural.select(shown) === "one" ? "one" : "other";
      var text = status.getAttribute("data-text-" + form).replace("{n}", shown.toLocaleString(lang));
      status.textContent = examples ? text + " (" + counted("examples", examples) + ")" : text;
      empty.hidden = shown > 0;
    }

    form.hidden = false;
    fromAddress();
    apply();
    function changed() {
      apply();
      toAddress();
    }
    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    root.querySelector("[data-ps-clear]").addEventListener("click", function () {
      controls.forEach(function (control) {
        control.value = "";
      });
      changed();
      controls[0].focus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-ps-filter]"), setup);
})();

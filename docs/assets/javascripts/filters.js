/*
 * Instant filters for lists marked data-ps-filter (the jobs list).
 *
 * The page lists everything without JavaScript; this script reveals the filter form, hides
 * the table rows that do not match, announces the count to screen readers, and keeps the
 * filters in the address (?area=...&contract=...) so a filtered view can be shared.
 * Rows are matched by position with the JSON array in .ps-filter__rows.
 */
(function () {
  "use strict";

  function setup(root) {
    var form = root.querySelector("form.ps-filter");
    var data = root.querySelector("script.ps-filter__rows");
    var table = root.querySelector("table");
    if (!form || !data || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var items = JSON.parse(data.textContent);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = root.querySelector(".ps-filter__status");
    var empty = root.querySelector(".ps-filter__empty");
    var plural = new Intl.PluralRules(document.documentElement.lang || "en");

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value === wanted;
        });
        select.value = known ? wanted : "";
      });
    }

    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) params.set(select.name, select.value);
        else params.delete(select.name);
      });
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", address);
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row, index) {
        var item = items[index] || {};
        var match = selects.every(function (select) {
          return !select.value || item[select.name] === select.value;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      var template = status.getAttribute("data-" + (plural.select(shown) === "one" ? "one" : "other"));
      status.textContent = template.replace("{n}", shown.toLocaleString(document.documentElement.lang));
      empty.hidden = shown > 0;
      // Material wraps tables in a scrolling box (possibly after this script first ran):
      // hide or show the table and, once it exists, its box.
      var box = table.closest(".md-typeset__scrollwrap");
      table.hidden = shown === 0;
      if (box) box.hidden = shown === 0;
    }

    form.hidden = false;
    fromAddress();
    apply();
    form.addEventListener("change", function () {
      apply();
      toAddress();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    root.querySelector("[data-ps-clear]").addEventListener("click", function () {
      selects.forEach(function (select) {
        select.value = "";
      });
      apply();
      toAddress();
      selects[0].focus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-ps-filter]"), setup);
})();

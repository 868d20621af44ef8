// The site's search: Pagefind's Component UI (hooks/partnersite/search.py), loaded only when
// the reader opens the search (the header's button, "/" or "s"): nothing of it before.
// Pagefind picks the index of the page's <html lang>: a French page finds French pages.
(function () {
  var element = document.getElementById("ps-search");
  var button = document.querySelector(".ps-search-open");
  if (!element || !button) return;
  var settings = JSON.parse(element.textContent);
  var bundle = new URL(element.dataset.bundle, location.href);
  var root = new URL(element.dataset.root.replace(/\/?$/, "/"), location.href).pathname;
  var HIGHLIGHT = "highlight";
  var ready = null;
  button.hidden = false; // the button does nothing without this script

  function add(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  // The window: Pagefind's modal as it builds itself (it cannot be given children of our own
  // in 1.5.2: it moves them, and they set themselves up twice), then the three filters put
  // between the summary and the field, and one result per page (its headings' sub-results
  // repeat the page's own title on most pages here).
  function complete(dialog) {
    var filters = add("div", { class: "ps-search-filters" });
    Object.keys(settings.filters).forEach(function (key) {
      filters.appendChild(add("pagefind-filter-dropdown", { filter: key, label: settings.filters[key], sort: "alphabetical" }));
    });
    dialog.querySelector("pagefind-modal-body").prepend(filters);
    dialog.querySelector("pagefind-results").setAttribute("hide-sub-results", "true");
    nameFilters(filters, window.PagefindComponents.getInstanceManager().getInstance("default"));
  }

  // Pagefind 1.5.2's filter lists name their button by nothing (a combobox is not named by its
  // text) and their choices in English ("3 results"): named here in the page's language, with
  // Pagefind's own translations, each time it redraws them.
  function nameFilters(root, instance) {
    function name(element, text) {
      if (element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
    }
    function count(n, one, many) {
      return instance.translate(n === 1 ? one : many, { COUNT: n });
    }
    function fix() {
      root.querySelectorAll("pagefind-filter-dropdown").forEach(function (dropdown) {
        var trigger = dropdown.querySelector(".pf-dropdown-trigger");
        var badge = dropdown.querySelector(".pf-dropdown-selected-badge");
        if (!trigger || !badge) return;
        var label = dropdown.getAttribute("label");
        var selected = Number(badge.textContent) || 0;
        name(trigger, badge.hasAttribute("data-pf-hidden") ? label : label + ", " + count(selected, "filter_selected_one", "filter_selected_many"));
        dropdown.querySelectorAll(".pf-dropdown-option").forEach(function (option) {
          var n = Number(option.querySelector(".pf-dropdown-option-count").textContent) || 0;
          name(option, option.dataset.value + ", " + count(n, "total_one_result", "total_many_results"));
        });
      });
    }
    new MutationObserver(fix).observe(root, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label", "data-pf-hidden"],
    });
    fix();
  }

  function load() {
    if (ready) return ready;
    ready = new Promise(function (resolve, reject) {
      document.head.appendChild(add("link", { rel: "stylesheet", href: new URL("pagefind-component-ui.css", bundle).href }));
      var script = add("script", { src: new URL("pagefind-component-ui.js", bundle).href });
      script.onload = function () {
        var ui = window.PagefindComponents;
        ui.configureInstance("default", { bundlePath: bundle.pathname, baseUrl: root, highlightParam: HIGHLIGHT });
        ui.getInstanceManager().getInstance("default").setTranslations(settings.translations);
        var dialog = add("pagefind-modal", {});
        document.body.appendChild(dialog);
        (function rendered() { // the element renders its <dialog> once connected
          if (!dialog.querySelector("pagefind-modal-body")) return requestAnimationFrame(rendered);
          complete(dialog);
          resolve(dialog);
        })();
      };
      script.onerror = function () { ready = null; reject(); };
      document.head.appendChild(script);
    });
    return ready;
  }

  function open() {
    button.setAttribute("aria-expanded", "true");
    load().then(function (dialog) {
      // Pagefind's dark colours when the page shows Material's dark scheme ("slate").
      var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
      dialog.setAttribute("data-pf-theme", dark ? "dark" : "light");
      dialog.open();
      dialog.dialogEl.addEventListener("close", function () {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }, { once: true });
    });
  }

  button.addEventListener("click", open);
  // "/" or "s" anywhere but in a field, as Material's search had it ("f" too).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName)) return;
    if (!/^[/sf]$/.test(event.key) || document.querySelector("dialog.pf-modal[open]")) return;
    event.preventDefault();
    open();
  });

  // A page opened from a result marks the words searched for (Pagefind's highlight script).
  if (new URLSearchParams(location.search).has(HIGHLIGHT)) {
    import(new URL("pagefind-highlight.js", bundle).href).then(function () {
      // Marked as Material marks text (no <style> of Pagefind's: nothing inline for a CSP).
      new window.PagefindHighlight({ highlightParam: HIGHLIGHT, addStyles: false });
    });
  }
})();

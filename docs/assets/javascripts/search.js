// Material for MkDocs 9.8's search, adapted (see hooks/partnersite/theme.py: this file relies on
// Material's internals and is listed there with the tests that guard it). It must run before
// Material's bundle: overrides/main.html loads it first, without `defer`.
// - each language has its own index under its own folder (hooks/partnersite/search.py);
// - queries are stemmed in French and Dutch, and result links carry the words to highlight;
// - the index is fetched only when the reader starts a search;
// - Material's requests for sitemap.xml files that do not exist here are failed without a request.
(function () {
  // Search: each language has its own index under its own folder
  // (hooks/partnersite/search.py); Material looks for "search/search_index.json" under "base",
  // so the pages of a language other than the default look under their language's folder.
  var own = document.getElementById("ps-search");
  var folder = own ? JSON.parse(own.textContent).folder : "";
  if (folder) {
    var element = document.getElementById("__config");
    var settings = JSON.parse(element.textContent);
    settings.base = settings.base.replace(/\/$/, "") + "/" + folder;
    element.textContent = JSON.stringify(settings);
  }

  // Search with stemming: Material adds "*" to every query word (a prefix match as one types),
  // and lunr does not stem such words, while each language's index is stemmed
  // (hooks/partnersite/search.py). Each plain word is also sent as "word^1", which Material
  // leaves alone and lunr stems: "financements" finds "financement".
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {
      var words = message.data.split(/\s+/).map(function (word) {
        return /^[\p{L}\p{N}]+$/u.test(word) ? word + " " + word + "^1" : word;
      });
      arguments[0] = { type: 2, data: words.join(" ") };
    }
    return post.apply(this, arguments);
  };

  // Highlighting: a result link carries the query words the page matched ("?h="), and the page
  // it opens marks them. Material counts a word as matched only when the stemmed index holds
  // it as typed, so with French and Dutch stemming ("financements" is indexed as its stem)
  // every word counted as missing and "?h=" was empty. A word counts as matched when the
  // result's text holds its first letters (accents and case aside).
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function markMatchedWords(groups) {
    groups.forEach(function (group) {  /* a page and its sections */
      var text = fold(group.map(function (result) {
        return (result.title || "") + " " + (result.text || "").replace(/<[^>]*>/g, " ");
      }).join(" "));
      var words = {};
      group.forEach(function (result) { Object.assign(words, result.terms); });
      group.forEach(function (result) {
        result.terms = result.terms || {};
        Object.keys(words).forEach(function (word) {
          var start = fold(word).slice(0, Math.max(4, word.length - 3));
          if (result.terms[word] || text.indexOf(start) === -1) return;
          result.terms[word] = true;
          // The page marks words that start with what "?h=" holds: the singular too.
          if (text.indexOf(fold(word)) === -1) result.terms[start] = true;
        });
      });
    });
  }
  var listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function") return listen.apply(this, arguments);
    return listen.call(this, type, function (event) {
      var message = event.data;
      if (message && message.type === 3 && message.data && Array.isArray(message.data.items)) {
        markMatchedWords(message.data.items);
      }
      return listener.apply(this, arguments);
    }, options);
  };

  // Material's script fetches "sitemap.xml" next to every <link rel="alternate"> of the page,
  // to map pages between languages whose alternates are language roots. Here they are per-page
  // links (as search engines want), so those files never exist: each page view would send
  // requests that all fail with 404. Fail them here without a request; Material then leaves
  // the language switcher links as they are (to the same page).
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var path = new URL(url, location.href).pathname;
    this.psSkip = /\/sitemap\.xml$/.test(path);
    this.psSearchIndex = /\/search\/search_index\.json$/.test(path);
    return open.apply(this, arguments);
  };
  // The search index is fetched only when the reader starts a search (focus or click in the
  // search field, or Material's keys / s f), not with every page: it is the largest download
  // of the site, and most visits do not search.
  var searchStarted = false;
  var waiting = [];
  function startSearch() {
    if (searchStarted) return;
    searchStarted = true;
    waiting.forEach(function (start) { start(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) startSearch();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) startSearch();
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(input|textarea|select)$/i.test(event.target.tagName);
    if (!typing && /^[/sf]$/.test(event.key)) startSearch();
  }, true);
  // A page opened from a search result marks the words searched for: it needs the index.
  if (new URLSearchParams(location.search).get("h")) startSearch();
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var payload = arguments;
    if (request.psSkip) {
      setTimeout(function () { request.dispatchEvent(new ProgressEvent("error")); }, 0);
      return;
    }
    if (request.psSearchIndex && !searchStarted) {
      waiting.push(function () { send.apply(request, payload); });
      return;
    }
    return send.apply(request, payload);
  };
})();

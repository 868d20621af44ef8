// Material for MkDocs 9.8 fetches "sitemap.xml" next to every <link rel="alternate"> of the
// page, to map pages between languages whose alternates are language roots. Here they are
// per-page links (as search engines want), so those files never exist, and the links are
// absolute (another host when the site is previewed): each page view would send requests
// that all fail. Fail them here without a request; Material then leaves the language
// switcher's links as they are (to the same page). It must run before Material's bundle:
// overrides/main.html loads it first, without `defer` (see hooks/partnersite/theme.py).
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.psSkip = /\/sitemap\.xml$/.test(new URL(url, location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    if (request.psSkip) {
      setTimeout(function () { request.dispatchEvent(new ProgressEvent("error")); }, 0);
      return;
    }
    return send.apply(request, arguments);
  };
})();

/*
 * Offers a visitor whose browser prefers another of the site's languages the same page in that
 * language, once, unobtrusively. The choice (following the offer, declining it, or using the
 * language switcher) is remembered in this browser's localStorage only: no cookie, no request.
 */
(function () {
  "use strict";

  var KEY = "ps-language";
  var data = document.getElementById("ps-languages");
  if (!data) return;

  function remember(lang) {
    try {
      window.localStorage.setItem(KEY, lang);
    } catch (error) {
      /* storage refused (private mode): the offer will simply come back */
    }
  }

  function remembered() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (link) remember(link.getAttribute("hreflang"));
  });

  if (remembered()) return;
  var texts = JSON.parse(data.textContent);
  var here = document.documentElement.lang;
  var preferred = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return tag.slice(0, 2).toLowerCase();
  });
  var wanted = preferred.filter(function (lang) {
    return texts[lang];
  })[0];
  if (!wanted || wanted === here) return;
  var target = document.querySelector('.md-select__link[hreflang="' + wanted + '"]');
  var content = document.querySelector(".md-content__inner");
  if (!target || !content) return;

  var text = texts[wanted];
  var offer = document.createElement("aside");
  offer.className = "ps-suggest";
  offer.lang = wanted;
  offer.setAttribute("aria-label", text.label);
  var message = document.createElement("p");
  message.appendChild(document.createTextNode(text.text + " "));
  var go = document.createElement("a");
  go.href = target.href;
  go.hreflang = wanted;
  go.textContent = text.go;
  message.appendChild(go);
  var dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.textContent = text.dismiss;
  dismiss.addEventListener("click", function () {
    remember(here);
    offer.remove();
  });
  message.appendChild(dismiss);
  offer.appendChild(message);
  content.insertBefore(offer, content.firstChild);
})();

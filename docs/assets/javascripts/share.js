/* The "copy link" button of the share links (hooks/partnersite/templates/html/share.html.j2).
   Without JavaScript, or where the browser offers no clipboard, the button stays hidden; once
   the link is copied the status line says so, for screen readers too (role="status"). */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("[data-ps-copy]").forEach(function (button) {
    var share = button.closest(".ps-share");
    var status = share && share.querySelector(".ps-share__status");
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      var say = function (name) {
        if (!status) return;
        status.textContent = ""; // emptied first, so that a second copy is announced again
        window.setTimeout(function () {
          status.textContent = button.getAttribute(name);
        }, 100);
      };
      navigator.clipboard.writeText(button.getAttribute("data-ps-copy")).then(
        function () { say("data-text-copied"); },
        function () { say("data-text-failed"); }
      );
    });
  });
})();

// Alinea's one script, for what htmx cannot do. No eval, no inline handlers (the CSP forbids them).
(function () {
  "use strict";
  // Select the whole value of a read-only copy field when it gets focus.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.classList.contains("copy-field")) {
      target.select();
    }
  });
})();

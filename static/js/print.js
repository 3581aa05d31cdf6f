/* A "Print" button: the browser's print dialog (no inline handlers, so the CSP can forbid them). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusFirstError(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  // After an HTMX swap, move focus to the swapped region so screen readers follow.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    focusFirstError(target);
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    if (!target.contains(document.activeElement)) { target.focus({ preventScroll: false }); }
  });
})();

// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusFirstError(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  // After an HTMX swap the results region (aria-live) announces the change; focus stays
  // where the user is (e.g. on the filter they changed) unless the swap brought errors.
  document.addEventListener("htmx:afterSettle", function () { focusFirstError(document); });
})();

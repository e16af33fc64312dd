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

  // A scheme runs pathways in one trade: choosing the scheme chooses its trade in the
  // select named by data-trade-select (each scheme option carries data-trade). Without
  // this the server takes the scheme's trade when the trade is left empty.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-trade-select")) { return; }
    var option = select.options[select.selectedIndex];
    var trade = option ? option.getAttribute("data-trade") : null;
    var target = document.getElementById(select.getAttribute("data-trade-select"));
    if (!trade || !target || target.value === trade) { return; }
    target.value = trade;
    target.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();

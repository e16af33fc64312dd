// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusFirstError(root) {
    var summary = root.matches && root.matches("[data-autofocus]") ? root : root.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  // After an HTMX swap the results region (aria-live) announces the change; focus stays
  // where the user is (e.g. on the filter they changed) unless the swap brought errors.
  // Only what the swap brought counts: an error summary already on the page (a refused
  // form) must not take the focus from the search the user is typing in.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target instanceof Element) { focusFirstError(event.target); }
  });

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

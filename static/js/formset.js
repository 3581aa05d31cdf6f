/* Contact lines of a monthly activity form: "Add a line" without a page reload, and live totals.
   Progressive enhancement: without JavaScript the form still offers its three empty lines. */
(function () {
  "use strict";

  function renumber(template, index) {
    return template.replace(/__prefix__/g, String(index));
  }

  function updateTotals(container) {
    var minutes = 0;
    var miles = 0;
    container.querySelectorAll("tr[data-formset-row]").forEach(function (row) {
      var deleted = row.querySelector("input[name$='-DELETE']");
      if (deleted && deleted.checked) { return; }
      var m = row.querySelector("input[name$='-minutes']");
      var d = row.querySelector("input[name$='-miles']");
      minutes += m && m.value ? parseInt(m.value, 10) || 0 : 0;
      miles += d && d.value ? parseFloat(d.value) || 0 : 0;
    });
    var out = document.getElementById(container.dataset.totalsTarget);
    if (out) {
      out.textContent = (minutes / 60).toFixed(2) + " hours, " + miles.toFixed(1) + " miles in the lines on this page";
    }
  }

  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var prefix = container.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty-row");
    var body = container.querySelector("tbody");
    var button = document.querySelector("[data-formset-add='" + prefix + "']");
    if (!total || !template || !body || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("tbody");
      holder.innerHTML = renumber(template.innerHTML, index);
      var row = holder.firstElementChild;
      body.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, select");
      if (first) { first.focus(); }
    });
    container.addEventListener("input", function () { updateTotals(container); });
    container.addEventListener("change", function () { updateTotals(container); });
    updateTotals(container);
  });
})();

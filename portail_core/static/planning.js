/* Planning grid of the bookings: instant feedback and the "days shown" column actions.
 * The page works without this file (a plain form); this only saves round trips. */
(function () {
  "use strict";

  // The labels come translated from the page (the form's data-* attributes).
  var TEXTS = document.getElementById("planning") ? document.getElementById("planning").dataset : {};
  var NEW = { code: "new", icon: "+", label: TEXTS.newLabel || "" };
  var CANCEL = { code: "cancel", icon: "\u2212", label: TEXTS.cancelLabel || "" };

  function shownState(box) {
    var live = box.dataset.live === "1";
    if (live && !box.checked) { return CANCEL; }
    if (!live && box.checked) { return NEW; }
    return { code: box.dataset.state, icon: box.dataset.icon, label: box.dataset.label };
  }

  function paint(box) {
    var label = box.parentNode.querySelector("label");
    if (!label) { return; }
    var state = shownState(box);
    var icon = label.querySelector(".bk-state");
    var text = label.querySelector(".bk-cell-label");
    icon.className = "bk-state bk-state-" + state.code;
    icon.textContent = state.icon;
    text.textContent = state.label;
    Array.prototype.forEach.call(label.querySelectorAll(".bk-sibling"), function (line) {
      paintSibling(line, state);
    });
    box.parentNode.classList.toggle("bk-changed", state === NEW || state === CANCEL);
  }

  // A sibling gets the selection's new request unless it already has the day, and its
  // cancellation only if it has the day; otherwise its own line shows (as the recap does).
  function paintSibling(line, referent) {
    var live = line.dataset.live === "1";
    var state = { code: line.dataset.state, icon: line.dataset.icon, label: line.dataset.label };
    if ((referent === NEW && !live) || (referent === CANCEL && live)) { state = referent; }
    var icon = line.querySelector(".bk-state");
    icon.className = "bk-state bk-state-" + state.code;
    icon.textContent = state.icon;
    line.querySelector(".bk-sibling-label").textContent = state.label;
  }

  function count(form) {
    var changed = form.querySelectorAll("td.bk-changed").length;
    var counter = document.getElementById("bk-counter");
    if (counter) {
      counter.textContent = changed ? (TEXTS.changes || "{n}").replace("{n}", changed) : "";
    }
  }

  function columnAction(form, button) {
    var unit = button.dataset.unit;
    var select = button.dataset.select === "1";
    var boxes = form.querySelectorAll("td[data-unit='" + unit + "'] input[name='cases']");
    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = select;
      paint(box);
    });
    var details = button.closest("details");
    if (details) { details.open = false; }
    count(form);
  }

  function setUpPlanning(form) {
    form.classList.add("bk-enhanced");
    form.addEventListener("change", function (event) {
      if (event.target.name === "cases") {
        paint(event.target);
        count(form);
      }
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-scope='week']");
      if (button) {
        event.preventDefault();
        columnAction(form, button);
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[name='cases']"), paint);
    count(form);
  }

  function setUpPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("planning");
    if (form) { setUpPlanning(form); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), setUpPrint);
  });
}());

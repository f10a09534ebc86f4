/* Portail Familles — a small formatting toolbar above the agents' rich-text areas.
 *
 * Without JavaScript the textarea still works: agents type plain text (a blank line starts
 * a paragraph) or HTML. The server sanitises whatever arrives, so the toolbar only helps
 * to write the few tags that are kept.
 */
(function () {
  "use strict";

  var ACTIONS = [
    { label: "Gras", key: "b", before: "<strong>", after: "</strong>" },
    { label: "Italique", key: "i", before: "<em>", after: "</em>" },
    { label: "Intertitre", before: "<h3>", after: "</h3>\n" },
    { label: "Paragraphe", before: "<p>", after: "</p>\n" },
    { label: "Liste à puces", list: true },
    { label: "Lien", link: true }
  ];

  function wrap(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd;
    var text = area.value;
    var selected = text.slice(start, end);
    area.value = text.slice(0, start) + before + selected + after + text.slice(end);
    area.focus();
    area.setSelectionRange(start + before.length, start + before.length + selected.length);
  }

  function listOf(area) {
    var start = area.selectionStart, end = area.selectionEnd;
    var lines = area.value.slice(start, end).split("\n").filter(function (line) {
      return line.trim() !== "";
    });
    if (!lines.length) { lines = ["élément"]; }
    var items = lines.map(function (line) {
      return "  <li>" + line.replace(/^\s*[-*•]\s*/, "") + "</li>";
    });
    wrap(area, "<ul>\n" + items.join("\n") + "\n</ul>\n", "");
  }

  function link(area) {
    var url = window.prompt("Adresse du lien (https://…, mailto:…, ou /telechargements/…)", "https://");
    if (!url) { return; }
    var safe = url.replace(/"/g, "%22");
    wrap(area, '<a href="' + safe + '">', "</a>");
  }

  function run(area, action) {
    if (action.list) { listOf(area); }
    else if (action.link) { link(area); }
    else { wrap(area, action.before, action.after); }
  }

  function enhance(area) {
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Mise en forme du texte");
    bar.setAttribute("aria-controls", area.id);
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary button-small";
      button.textContent = action.label;
      if (action.key) { button.title = action.label + " (Ctrl+" + action.key.toUpperCase() + ")"; }
      button.addEventListener("click", function () { run(area, action); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) { return; }
      ACTIONS.forEach(function (action) {
        if (action.key && event.key.toLowerCase() === action.key) {
          event.preventDefault();
          run(area, action);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea.rich-text"), enhance);
  });
})();

/* Forms that never lose what people type.
   - Text limits: a field with a maximum length shows a counter instead of silently cutting a
     long paste (the browser truncates at maxlength); over the limit the counter turns red and
     the server refuses the form with the limit, keeping the text.
   - Unsaved changes: a form marked data-warn-unsaved that was edited warns before the page is
     left without saving (closing the tab, a link, "next"). Submitting it clears the warning. */
(function () {
  "use strict";

  var numbers = window.keyactNumbers;
  var COUNTER_FROM = 0.8; // inputs show the counter once 80% of the limit is used; textareas always

  function fmt(n) {
    return numbers ? numbers.number(n) : String(n);
  }

  function counterFor(field) {
    var id = field.id ? field.id + "-counter" : "";
    var node = id ? document.getElementById(id) : null;
    if (!node) {
      node = document.createElement("div");
      node.className = "form-text text-end text-counter";
      if (id) node.id = id;
      node.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", node);
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (id && described.indexOf(id) < 0) {
        described.push(id);
        field.setAttribute("aria-describedby", described.join(" "));
      }
    }
    return node;
  }

  function update(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit) return;
    var used = field.value.length;
    var textarea = field.tagName === "TEXTAREA";
    if (!textarea && used < limit * COUNTER_FROM) {
      var quiet = document.getElementById(field.id + "-counter");
      if (quiet) quiet.textContent = "";
      field.classList.remove("is-over-limit");
      return;
    }
    var node = counterFor(field);
    var over = used > limit;
    node.textContent = fmt(used) + " / " + fmt(limit);
    node.classList.toggle("text-danger", over);
    node.classList.toggle("fw-semibold", over);
    field.classList.toggle("is-over-limit", over);
  }

  function armLimits(root) {
    root.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (field) {
      if (field.type === "hidden" || field.type === "password") return;
      field.setAttribute("data-maxlength", field.getAttribute("maxlength"));
      field.removeAttribute("maxlength"); // never cut a paste: count and let the server refuse
      update(field);
    });
  }

  document.addEventListener("input", function (evt) {
    var field = evt.target;
    if (field && field.hasAttribute && field.hasAttribute("data-maxlength")) update(field);
    var form = field && field.closest ? field.closest("form[data-warn-unsaved]") : null;
    if (form) form.setAttribute("data-dirty", "1");
  });
  document.addEventListener("change", function (evt) {
    var form = evt.target && evt.target.closest ? evt.target.closest("form[data-warn-unsaved]") : null;
    if (form) form.setAttribute("data-dirty", "1");
  });
  // Submitting a form saves it; another edited form on the page would still be lost: it warns.
  document.addEventListener("submit", function (evt) {
    if (evt.target && evt.target.removeAttribute) evt.target.removeAttribute("data-dirty");
  });
  window.addEventListener("beforeunload", function (evt) {
    var dirty = document.querySelector("form[data-warn-unsaved][data-dirty]");
    if (!dirty) return undefined;
    evt.preventDefault();
    evt.returnValue = ""; // the browser shows its own "leave the page?" dialog
    return "";
  });

  armLimits(document);
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    armLimits(evt.target);
  });
  window.keyactArmLimits = armLimits;
})();

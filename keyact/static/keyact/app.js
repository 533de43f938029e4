/* keyact page behaviour: toasts, the quick-log picker and revealing dependent fields. */
(function () {
  "use strict";

  function showToast(text, kind) {
    var tpl = document.getElementById("toast-template");
    var box = document.getElementById("toasts");
    if (!tpl || !box || !window.bootstrap) return;
    var node = tpl.content.firstElementChild.cloneNode(true);
    node.querySelector(".toast-body").textContent = text;
    if (kind === "danger") node.classList.replace("text-bg-success", "text-bg-danger");
    box.appendChild(node);
    node.addEventListener("hidden.bs.toast", function () { node.remove(); });
    new bootstrap.Toast(node).show();
  }
  window.keyactToast = showToast;

  document.body.addEventListener("keyact:toast", function (evt) {
    var detail = evt.detail || {};
    showToast(detail.value || detail.message || "", detail.kind);
  });

  function showAutoToasts(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll(".toast[data-autoshow]").forEach(function (node) {
      node.removeAttribute("data-autoshow");
      new bootstrap.Toast(node).show();
    });
  }

  // Reveal the commitment text when "commitment obtained" is chosen.
  function syncReveals(root) {
    root.querySelectorAll("[data-reveal-when]").forEach(function (target) {
      var spec = target.getAttribute("data-reveal-when").split("=");
      var form = target.closest("form") || document;
      var checked = form.querySelector('[name="' + spec[0] + '"]:checked');
      var select = form.querySelector('select[name="' + spec[0] + '"]');
      var value = checked ? checked.value : select ? select.value : "";
      var show = spec[1].split("|").indexOf(value) >= 0 || target.querySelector(".is-invalid") !== null;
      target.hidden = !show;
    });
  }

  // Picker: choosing a customer or an opportunity fills hidden fields (an opportunity fills its customer).
  document.addEventListener("click", function (evt) {
    var option = evt.target.closest("[data-pick]");
    if (option) {
      evt.preventDefault();
      var picker = option.closest("[data-picker]");
      picker.querySelector('[name="customer_id"]').value = option.dataset.customerId || "";
      picker.querySelector('[name="opportunity_id"]').value = option.dataset.opportunityId || "";
      var label = picker.querySelector("[data-picked-label]");
      label.textContent = option.dataset.label;
      picker.querySelector("[data-picked]").hidden = false;
      var results = picker.querySelector(".picker-results");
      results.innerHTML = "";
      var search = picker.querySelector("input[type=search]");
      search.value = "";
      return;
    }
    var clear = evt.target.closest("[data-pick-clear]");
    if (clear) {
      var p = clear.closest("[data-picker]");
      p.querySelector('[name="customer_id"]').value = "";
      p.querySelector('[name="opportunity_id"]').value = "";
      p.querySelector("[data-picked]").hidden = true;
      p.querySelector("input[type=search]").focus();
    }
  });

  // Check-in: the browser's location (with its accuracy) goes into hidden fields of the form.
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-checkin-button]");
    if (!button) return;
    var box = button.closest("[data-checkin]");
    var status = box.querySelector("[data-checkin-status]");
    if (!navigator.geolocation) {
      status.textContent = box.dataset.failText;
      return;
    }
    status.textContent = box.dataset.busyText;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        box.querySelector('[name="checkin_latitude"]').value = position.coords.latitude.toFixed(6);
        box.querySelector('[name="checkin_longitude"]').value = position.coords.longitude.toFixed(6);
        box.querySelector('[name="checkin_accuracy_m"]').value = Math.round(position.coords.accuracy);
        status.textContent = box.dataset.okText.replace("{m}", Math.round(position.coords.accuracy));
      },
      function () { status.textContent = box.dataset.failText; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  // A customer's location from this device (customer form).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-locate-button]");
    if (!button) return;
    var box = button.closest("[data-locate-box]");
    var status = box.querySelector("[data-locate-status]");
    if (!navigator.geolocation) { status.textContent = box.dataset.failText; return; }
    status.textContent = box.dataset.busyText;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        box.querySelector('[name="latitude"]').value = position.coords.latitude.toFixed(6);
        box.querySelector('[name="longitude"]').value = position.coords.longitude.toFixed(6);
        status.textContent = box.dataset.okText;
      },
      function () { status.textContent = box.dataset.failText; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  // Progress bars carry their width as data-width (percent): no inline styles under the CSP.
  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      var width = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
      bar.style.width = width + "%";
    });
  }

  // Print buttons (a scorecard): no inline handlers under the CSP.
  document.addEventListener("click", function (evt) {
    if (evt.target.closest("[data-print]")) {
      evt.preventDefault();
      window.print();
    }
  });

  document.addEventListener("change", function () { syncReveals(document); });
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("form[data-keep-in-view] .is-invalid, form[data-keep-in-view] .invalid-feedback");
    if (invalid) keepInView(invalid.closest("form"));
    syncReveals(document);
    showAutoToasts(document);
    sizeBars(document);
  });
  // A form swapped back after a submit stays in view: on an error, the first field at fault is
  // scrolled to and focused; otherwise the form is brought back if it left the screen.
  function keepInView(form) {
    var error = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger");
    if (error) {
      var group = error.closest("fieldset, .mb-3, [data-picker]") || error;
      group.scrollIntoView({ block: "start" });
      var field = error.matches("input, select, textarea") ? error
        : group.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus({ preventScroll: true });
      return;
    }
    var box = form.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight) form.scrollIntoView({ block: "start" });
  }

  document.body.addEventListener("htmx:afterSwap", function (evt) {
    var target = evt.detail && evt.detail.target;
    var swapped = target && target.id ? document.getElementById(target.id) : null;
    if (swapped && swapped.hasAttribute("data-keep-in-view")) keepInView(swapped);
    syncReveals(document);
    showAutoToasts(evt.target);
    sizeBars(evt.target);
  });
})();

/* The owners picker of a key activity: search people by name or team, and choose the lead
   among the people ticked as owners (the server refuses a lead who is not an owner). */
(function () {
  "use strict";
  document.querySelectorAll("[data-owner-picker]").forEach(function (picker) {
    var form = picker.closest("form");
    var search = picker.querySelector("[data-owner-search]");
    var none = picker.querySelector("[data-owner-none]");
    var lead = form ? form.querySelector('select[name="lead_id"]') : null;

    function filter() {
      var query = (search.value || "").trim().toLowerCase();
      var shown = 0;
      picker.querySelectorAll("[data-owner-team]").forEach(function (team) {
        var visible = 0;
        team.querySelectorAll("[data-owner-row]").forEach(function (row) {
          var match = !query || row.getAttribute("data-search").indexOf(query) >= 0;
          row.hidden = !match;
          if (match) visible += 1;
        });
        team.hidden = visible === 0;
        shown += visible;
      });
      if (none) none.hidden = shown > 0;
    }

    function syncLead() {
      if (!lead) return;
      var owners = {};
      var count = 0;
      picker.querySelectorAll('input[name="owner_ids"]').forEach(function (box) {
        if (box.checked) { owners[box.value] = true; count += 1; }
      });
      Array.prototype.forEach.call(lead.options, function (option) {
        var allowed = option.value === "" || owners[option.value] === true;
        option.hidden = !allowed;
        option.disabled = !allowed;
      });
      if (lead.value && !owners[lead.value]) lead.value = "";
      if (!lead.value && count === 1) {
        lead.value = Object.keys(owners)[0]; // a single owner is the lead
      }
    }

    // Naming a lead staffs the key activity: a declared staffing gap no longer holds.
    var gap = form ? form.querySelector('input[name="staffing_gap"]') : null;
    if (lead && gap) {
      lead.addEventListener("change", function () {
        if (lead.value && gap.checked) {
          gap.checked = false;
          gap.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }

    if (search) search.addEventListener("input", filter);
    picker.addEventListener("change", syncLead);
    syncLead();
  });
})();

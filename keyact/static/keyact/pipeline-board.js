/* Pipeline board: drag a card onto another stage's column. The drop sets the card's own stage
   select and submits its form, so a move by mouse, by touch-less keyboard (select + Move) or
   without JavaScript all go through the same request and the same stage rules. */
(function () {
  "use strict";

  var dragged = null;

  function column(target) {
    return target && target.closest ? target.closest("[data-stage-id]") : null;
  }

  document.addEventListener("dragstart", function (evt) {
    var card = evt.target.closest && evt.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    evt.dataTransfer.effectAllowed = "move";
    evt.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    document.querySelectorAll(".board-column.is-target").forEach(function (node) {
      node.classList.remove("is-target");
    });
  });

  document.addEventListener("dragover", function (evt) {
    var target = column(evt.target);
    if (!dragged || !target) return;
    evt.preventDefault();
    evt.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".board-column.is-target").forEach(function (node) {
      if (node !== target) node.classList.remove("is-target");
    });
    target.classList.add("is-target");
  });

  document.addEventListener("drop", function (evt) {
    var target = column(evt.target);
    if (!dragged || !target) return;
    evt.preventDefault();
    var form = dragged.querySelector("[data-move-form]");
    var select = form && form.querySelector("select[name=stage_id]");
    var stage = target.getAttribute("data-stage-id");
    if (!select || select.value === stage) return;
    select.value = stage;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  // After a move the board is swapped in again: give the keyboard focus back to the moved card.
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    if (!evt.target || evt.target.id !== "board") return;
    var moved = evt.target.querySelector(".board-card.is-moved select");
    if (moved) moved.focus();
  });
})();

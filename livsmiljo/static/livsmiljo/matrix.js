// New matrix: show only the panel of the chosen goal source (all panels stay visible without JavaScript).
(function () {
  "use strict";
  var radios = document.querySelectorAll("input.matrix-source, .matrix-source input[type=radio]");
  var panels = document.querySelectorAll("[data-source-panel]");
  if (!radios.length || !panels.length) {
    return;
  }
  function update() {
    var chosen = "";
    radios.forEach(function (radio) {
      if (radio.checked) {
        chosen = radio.value;
      }
    });
    panels.forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-source-panel") !== chosen;
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();

// Complaint form: show only the questions of the chosen category, without
// a reload. The form works without this script: the server shows the
// questions of the category chosen in step 1 and ignores the others.
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) { return; }
  var select = form.querySelector("select[name=category]");
  if (!select) { return; }
  function update() {
    var cat = select.value;
    var facts = form.querySelectorAll(".fact[data-categories]");
    for (var i = 0; i < facts.length; i++) {
      var el = facts[i];
      var show = (" " + el.getAttribute("data-categories") + " ").indexOf(" " + cat + " ") >= 0;
      el.hidden = !show;
      var inputs = el.querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j++) { inputs[j].disabled = !show; }
    }
  }
  select.addEventListener("change", update);
  update();
})();

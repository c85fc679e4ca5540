// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.matches("[data-print]")) {
    event.preventDefault();
    window.print();
  }
  // Deadline presets: the server computed the working-day dates; a click only fills the field.
  if (target && target.matches("[data-fill]")) {
    event.preventDefault();
    var field = document.getElementById(target.getAttribute("data-fill"));
    if (field) {
      field.value = target.getAttribute("data-value");
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
});
// Preset buttons need this script, so they are shown only when it runs.
document.querySelectorAll("[data-presets][hidden]").forEach(function (box) { box.hidden = false; });

// Forms whose answer takes a while (analysing a long article): say that it is working and keep
// the button from being pressed twice. Without this script the form simply takes that long.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]")) {
      return;
    }
    var status = form.querySelector("[data-busy-status]");
    if (status) {
      status.textContent = form.dataset.busy;
    }
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();

// Keyboard shortcuts: 1, 2, 3 answer a question; N goes on after feedback.
// Everything works without this file; it only adds the keys and moves focus.
(function () {
  "use strict";

  function typingInField(event) {
    var target = event.target;
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "radio");
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event)) {
      return;
    }
    var key = event.key.toLowerCase();
    var button = document.querySelector('[data-answer-form] button[data-key="' + key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
      return;
    }
    if (key === "n") {
      var next = document.querySelector("[data-next]");
      if (next) {
        event.preventDefault();
        next.click();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
    document.documentElement.dataset.keysReady = "yes";
  });

  // A second press while the first answer is on its way would only repeat it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "yes") {
      event.preventDefault();
    }
    form.dataset.submitted = "yes";
  });
})();

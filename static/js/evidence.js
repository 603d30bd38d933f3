// The evidence step: with this script, the learner taps the words that tell them (each word a
// toggle button); without it, they tick a few phrases. Either way the form posts the marks.
(function () {
  "use strict";
  document.querySelectorAll("form[data-evidence-form]").forEach(function (form) {
    var picker = form.querySelector("[data-word-picker]");
    var phrases = form.querySelector("[data-phrase-options]");
    var marks = form.querySelector("[data-marks]");
    if (!picker || !marks) {
      return;
    }
    picker.hidden = false;
    if (phrases) {
      phrases.hidden = true;
      phrases.disabled = true;
    }
    picker.addEventListener("click", function (event) {
      var word = event.target.closest("button.word");
      if (word) {
        word.setAttribute("aria-pressed", word.getAttribute("aria-pressed") === "true" ? "false" : "true");
      }
    });
    form.addEventListener("submit", function () {
      var chosen = [];
      picker.querySelectorAll('button.word[aria-pressed="true"]').forEach(function (word) {
        chosen.push([Number(word.dataset.start), Number(word.dataset.end)]);
      });
      marks.value = JSON.stringify(chosen);
    });
  });
})();

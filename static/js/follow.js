// Students' session page: reload when the teacher changes the session (next, reveal, close).
// Without this script, waiting pages refresh themselves every 5 seconds (a <noscript> meta).
(function () {
  "use strict";
  var root = document.querySelector("[data-follow]");
  if (!root) {
    return;
  }
  var url = root.dataset.stateUrl;
  var version = root.dataset.version;
  var etag = null;

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        etag = response.headers.get("ETag");
        return response.json().then(function (data) {
          if (String(data.version) !== version) {
            window.location.reload();
          }
        });
      })
      .catch(function () {
        /* Retried on the next tick. */
      })
      .finally(function () {
        window.setTimeout(poll, 2000);
      });
  }

  window.setTimeout(poll, 2000);
})();

// Live sessions: send the answer without leaving the page, then show the receipt.
// If anything goes wrong, the form is sent the ordinary way and the server explains.
(function () {
  "use strict";
  var form = document.querySelector("form[data-async-answer]");
  var receipt = document.querySelector("[data-receipt]");
  if (!form || !receipt || !window.fetch || !window.FormData) {
    return;
  }
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (!submitter || form.dataset.sending === "yes") {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    form.dataset.sending = "yes";
    var data = new FormData(form);
    data.append(submitter.name, submitter.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("answer not stored");
        }
        return response.json();
      })
      .then(function (answer) {
        receipt.querySelector("[data-receipt-choice]").textContent = answer.chosen_title;
        form.hidden = true;
        receipt.hidden = false;
        receipt.focus();
      })
      .catch(function () {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = submitter.name;
        input.value = submitter.value;
        form.appendChild(input);
        HTMLFormElement.prototype.submit.call(form);
      });
  }, true);
})();

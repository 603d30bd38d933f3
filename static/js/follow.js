// Students' session page: when the teacher changes the session (next, reveal, close), the poll
// of state.json brings this student's new screen, which replaces the old one in place.
// Without this script, waiting pages refresh themselves every 5 seconds (a <noscript> meta).
(function () {
  "use strict";
  var root = document.querySelector("[data-follow]");
  if (!root || !window.fetch) {
    return;
  }
  var screen = root.querySelector("[data-screen]");
  var url = root.dataset.stateUrl;
  var etag = '"' + root.dataset.etag + '"';

  function show(html) {
    screen.innerHTML = html;
    var heading = screen.querySelector("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }

  function poll() {
    fetch(url, { headers: { "If-None-Match": etag }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          window.location.reload(); // the session or this student is gone: the page says why
          return null;
        }
        if (response.status !== 200) {
          return null; // 304: nothing new; anything else: try again on the next tick
        }
        return response.json().then(function (data) {
          etag = response.headers.get("ETag") || etag;
          if (data.html === null) {
            window.location.reload();
          } else {
            show(data.html);
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
// Listening on the document also covers forms that arrive later with a new screen.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) {
    return;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form.matches("form[data-async-answer]") || !submitter) {
      return;
    }
    var receipt = form.parentNode.querySelector("[data-receipt]");
    if (!receipt) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (form.dataset.sending === "yes") {
      return;
    }
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

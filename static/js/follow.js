// Students' session page: when the teacher changes the session (next, reveal, close), the poll
// of state.json brings this student's new screen, which replaces the old one in place.
// Answers are sent by script and retried until the server acknowledges them (answers are
// idempotent, so a repeat stores nothing twice); while the server cannot be reached the page
// says it is reconnecting. Without this script, waiting pages refresh themselves every 5
// seconds (a <noscript> meta) and answers are ordinary form posts.
(function () {
  "use strict";
  var root = document.querySelector("[data-follow]");
  if (!root || !window.fetch || !window.FormData) {
    return;
  }
  var screen = root.querySelector("[data-screen]");
  var notice = root.querySelector("[data-connection]");
  var url = root.dataset.stateUrl;
  var etag = '"' + root.dataset.etag + '"';
  var POLL_MS = 2000;

  function connected(ok) {
    if (notice) {
      notice.hidden = ok;
    }
  }

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
        if (response.status >= 500) {
          connected(false); // the server or its database is restarting: try again next tick
          return null;
        }
        connected(true);
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
        connected(false);
      })
      .finally(function () {
        window.setTimeout(poll, POLL_MS);
      });
  }

  // An answer goes by script; on a network error or a 5xx it is sent again, with growing
  // pauses, until acknowledged. A refusal (4xx) is sent the ordinary way so the server's page
  // explains it.
  function sendAnswer(form, data, submitter, delay) {
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status >= 500) {
          throw new Error("retry");
        }
        connected(true);
        if (!response.ok) {
          submitOrdinarily(form, submitter);
          return null;
        }
        return response.json().then(function (answer) {
          acknowledged(form, answer);
        });
      })
      .catch(function () {
        connected(false);
        window.setTimeout(function () {
          sendAnswer(form, data, submitter, Math.min(delay * 2, 10000));
        }, delay);
      });
  }

  function acknowledged(form, answer) {
    if (answer.next) {
      window.location.assign(answer.next);
      return;
    }
    var receipt = form.parentNode.querySelector("[data-receipt]");
    receipt.querySelector("[data-receipt-choice]").textContent = answer.chosen_title;
    form.hidden = true;
    receipt.hidden = false;
    receipt.focus();
  }

  function submitOrdinarily(form, submitter) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = submitter.name;
    input.value = submitter.value;
    form.appendChild(input);
    HTMLFormElement.prototype.submit.call(form);
  }

  // Listening on the document also covers forms that arrive later with a new screen.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form.matches("form[data-async-answer]") || !submitter) {
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
    sendAnswer(form, data, submitter, 1000);
  }, true);

  window.setTimeout(poll, POLL_MS);
})();

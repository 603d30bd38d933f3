// The teacher's view of a session: poll the live figures every second and update the tables in
// place; when the session changed (next, reveal, close, a removal) reload the page.
// Without this script the page still works; the teacher reloads it to see new answers.
(function () {
  "use strict";
  var root = document.querySelector("[data-dashboard]");
  if (!root) {
    return;
  }
  var url = root.dataset.liveUrl;
  var version = root.dataset.version;
  var etag = null;

  function setText(scope, selector, value) {
    var el = scope.querySelector(selector);
    if (el) {
      el.textContent = String(value);
    }
  }

  function participantRow(p) {
    var template = root.querySelector("template[data-participant-row]");
    var row = template.content.firstElementChild.cloneNode(true);
    row.dataset.participant = String(p.id);
    row.querySelector("th").textContent = p.nickname;
    var form = row.querySelector("form");
    form.action = form.action.replace(/\/participants\/0\//, "/participants/" + p.id + "/");
    row.querySelector("button .visually-hidden").textContent = " " + p.nickname;
    return row;
  }

  function update(data) {
    if (String(data.version) !== version) {
      window.location.reload();
      return;
    }
    var body = root.querySelector("[data-participants]");
    data.participants.forEach(function (p) {
      var row = body.querySelector('tr[data-participant="' + p.id + '"]');
      if (!row) {
        row = participantRow(p);
        body.appendChild(row);
      }
      setText(row, "[data-answered]", p.answered);
      setText(row, "[data-right]", p.right);
    });
    root.querySelectorAll("[data-participant-count]").forEach(function (el) {
      el.textContent = String(data.participants.length);
    });
    data.statements.forEach(function (s) {
      var row = root.querySelector('tr[data-statement="' + s.position + '"]');
      Object.keys(s.counts).forEach(function (label) {
        if (row) {
          setText(row, '[data-count="' + label + '"]', s.counts[label]);
        }
      });
    });
    var current = data.current >= 0 ? data.statements[data.current] : null;
    if (current) {
      var answered = 0;
      Object.keys(current.counts).forEach(function (label) {
        answered += current.counts[label];
      });
      setText(root, "[data-current-answered]", answered);
    }
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(update);
        }
        return null;
      })
      .catch(function () {
        /* A missed poll is retried on the next tick. */
      })
      .finally(function () {
        window.setTimeout(poll, 1000);
      });
  }

  window.setTimeout(poll, 1000);
})();

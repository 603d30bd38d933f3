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

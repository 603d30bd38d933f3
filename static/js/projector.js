// The class's screen of a session (the projector of a live session, the join screen of a
// self-paced one). The teacher's actions (next, reveal, close) are posted by this script and
// the answer brings the new screen, swapped in place: no reload, the page does not jump, and
// focus moves to the new heading (without scrolling, unless it is out of view). N, R and S
// press Next, Reveal and the split's button when focus is not in a form field. Every second
// the figures come from live.json (answered, the split, who joined); when the session changed
// elsewhere (the teacher's view, another window) the new screen comes from screen.json.
// Without this script every control is a plain form or link and the page reloads.
(function () {
  "use strict";
  var root = document.querySelector("[data-projector]");
  if (!root || !window.fetch || !window.FormData) {
    return;
  }
  var holder = root.querySelector("[data-stage-holder]");
  var notice = root.querySelector("[data-action-message]");
  var version = Number(root.dataset.version);
  var etag = null;
  var busy = false;
  var POLL_MS = 1000;

  function say(message) {
    notice.textContent = message || "";
    notice.hidden = !message;
  }

  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }

  function show(data) {
    if (typeof data.version !== "number" || data.version < version) {
      return; // older than the screen shown (a slow answer overtaken by a newer one)
    }
    version = data.version;
    holder.innerHTML = data.html;
    // A message from the last page load ("Session open ...") is stale now; it only pushes
    // the screen down.
    document.querySelectorAll("main > .flash").forEach(function (flash) {
      flash.remove();
    });
    var target = holder.querySelector("[data-focus]");
    if (target) {
      target.focus({ preventScroll: true });
      if (!inView(target)) {
        target.scrollIntoView({ block: "start" }); // a phone: bring it up
      }
    }
  }

  function fetchScreen() {
    return fetch(root.dataset.screenUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json().then(show) : null;
      });
  }

  // A teacher's action: post the form, show the screen it answers with.
  function act(form) {
    if (busy) {
      return;
    }
    busy = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          form.submit(); // not the screen (an expired log-in, a refused form): let the page say
          return null;
        }
        return response.json().then(function (data) {
          say(data.message);
          show(data);
        });
      })
      .catch(function () {
        say("The action was not sent: the connection failed. Try again.");
      })
      .finally(function () {
        busy = false;
      });
  }

  function toggleSplit(button) {
    var split = holder.querySelector("[data-split]");
    if (!split) {
      return;
    }
    split.hidden = !split.hidden;
    button.setAttribute("aria-expanded", split.hidden ? "false" : "true");
    button.querySelector("[data-toggle-text]").textContent = split.hidden
      ? "Show the split"
      : "Hide the split";
  }

  holder.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !holder.contains(button)) {
      return;
    }
    if (button.matches("[data-split-toggle]")) {
      event.preventDefault();
      toggleSplit(button);
    } else if (button.form && button.form.matches("[data-action]")) {
      event.preventDefault();
      act(button.form);
    }
  });

  function typingInField(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) {
      return;
    }
    var button = holder.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  function setAll(selector, value) {
    holder.querySelectorAll(selector).forEach(function (element) {
      element.textContent = String(value);
    });
  }

  function showNames(participants) {
    var list = holder.querySelector("[data-lobby-names]");
    if (!list || list.children.length === participants.length) {
      return;
    }
    list.textContent = "";
    participants.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p.nickname;
      list.appendChild(item);
    });
  }

  function showSplit(counts) {
    var answered = 0;
    Object.keys(counts).forEach(function (label) {
      answered += counts[label];
    });
    setAll("[data-current-answered]", answered);
    Object.keys(counts).forEach(function (label) {
      var share = answered ? Math.floor((100 * counts[label]) / answered + 0.5) : 0;
      setAll('[data-count="' + label + '"]', counts[label]);
      setAll('[data-share="' + label + '"]', share);
      var bar = holder.querySelector('[data-bar="' + label + '"]');
      if (bar) {
        bar.setAttribute("width", String(share));
      }
    });
  }

  function update(data) {
    if (data.version > version) {
      return fetchScreen();
    }
    setAll("[data-participant-count]", data.participants.length);
    showNames(data.participants);
    var stage = holder.querySelector("[data-stage]");
    var position = stage ? Number(stage.dataset.position) : 0;
    if (position > 0 && data.statements[position - 1]) {
      showSplit(data.statements[position - 1].counts);
    }
    return null;
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(root.dataset.liveUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) {
          return null; // 304: nothing new; anything else: try again on the next tick
        }
        etag = response.headers.get("ETag");
        return response.json().then(update);
      })
      .catch(function () {
        /* A missed poll is retried on the next tick. */
      })
      .finally(function () {
        window.setTimeout(poll, POLL_MS);
      });
  }

  window.setTimeout(poll, POLL_MS);
})();

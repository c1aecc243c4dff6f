// The trainer's attendance list, progressive enhancement (the page works without it,
// one POST for the whole list). With it, every mark is kept on this device
// (localStorage, with the moment it was made and an id of its own) and sent to the
// server as soon as there is a connection; a mark is forgotten only once the server
// has answered for it. The server takes a re-sent mark idempotently (the same or an
// older mark changes nothing), so sending twice never counts twice.
(function () {
  "use strict";
  var form = document.querySelector("[data-attendance-form]");
  if (!form || !window.fetch || !window.JSON) return;
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("lms-attendance-probe", "1");
    storage.removeItem("lms-attendance-probe");
  } catch (error) {
    return; // no storage (private mode): the plain form still works
  }

  var url = form.getAttribute("data-marks-url");
  var key = "lms-attendance:" + form.getAttribute("data-day");
  var waiting = form.querySelector("[data-attendance-waiting]");
  var offlineNote = form.querySelector("[data-attendance-offline]");
  var errors = form.querySelector("[data-attendance-errors]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var sending = false;
  var again = false;
  var RETRY_MS = 30000;

  function load() {
    try {
      var list = JSON.parse(storage.getItem(key) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return [];
    }
  }

  function save(list) {
    if (list.length) storage.setItem(key, JSON.stringify(list));
    else storage.removeItem(key);
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function show() {
    if (waiting) waiting.textContent = String(load().length);
    if (offlineNote) offlineNote.hidden = navigator.onLine !== false;
    form.setAttribute("data-attendance-pending", String(load().length));
  }

  function report(messages) {
    if (!errors) return;
    errors.textContent = "";
    messages.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      errors.appendChild(item);
    });
    errors.hidden = messages.length === 0;
  }

  function record(person, mark) {
    // The latest mark of a person replaces one not yet sent; one already on its
    // way is forgotten when its answer comes (by its own id).
    var list = load().filter(function (entry) {
      return entry.person !== person;
    });
    list.push({
      client_id: newId(),
      person: person,
      mark: mark,
      marked_at: new Date().toISOString(),
    });
    save(list);
    show();
    send();
  }

  function send() {
    var list = load();
    if (!list.length) {
      show();
      return;
    }
    if (sending) {
      again = true;
      return;
    }
    if (navigator.onLine === false) {
      show();
      return;
    }
    sending = true;
    again = false;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf ? csrf.value : "",
      },
      body: JSON.stringify({ marks: list }),
    })
      .then(function (response) {
        if (response.ok) return response.json();
        // Refused as a whole (signed out, no right to mark): said, and kept.
        return response.json().then(
          function (data) {
            throw { server: data.error || String(response.status) };
          },
          function () {
            throw { server: String(response.status) };
          }
        );
      })
      .then(function (data) {
        var answered = {};
        var refused = [];
        data.results.forEach(function (result) {
          answered[result.client_id] = true;
          if (result.status === "refused") refused.push(result.message);
        });
        save(
          load().filter(function (entry) {
            return !answered[entry.client_id];
          })
        );
        report(refused);
      })
      .catch(function (error) {
        // Kept on the device: sent again when the connection returns.
        if (error && error.server) report([error.server]);
      })
      .then(function () {
        sending = false;
        show();
        if (again) send();
      });
  }

  function restore() {
    load().forEach(function (entry) {
      var radio = form.querySelector(
        '[data-person="' + entry.person + '"] input[value="' + entry.mark + '"]'
      );
      if (radio) radio.checked = true;
    });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") return;
    var holder = input.closest("[data-person]");
    if (!holder) return;
    record(Number(holder.getAttribute("data-person")), input.value);
  });

  form.addEventListener("submit", function (event) {
    // Every mark is already kept and on its way: sending is all "Save" means here.
    event.preventDefault();
    send();
  });

  window.addEventListener("online", send);
  window.addEventListener("offline", show);
  window.setInterval(send, RETRY_MS);
  restore();
  show();
  send();
})();

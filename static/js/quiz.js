// Quiz attempt page, progressive enhancement (the page works without it):
// counts of the questions answered that include this page's answers as they are
// chosen, a countdown to the deadline, a spoken warning at one minute, autosave of
// answers as they change, and submitting when time is up. It knows nothing of right
// answers: the page it runs on contains none.
(function () {
  "use strict";
  var form = document.querySelector("[data-quiz-form]");
  if (!form) return;

  // Answered or not: this page's questions as they are now, the other pages' as the
  // server marked them in the list of questions (their answers are saved). Without
  // this the page shows the saved counts only, and says so.
  var navList = document.querySelector("[data-quiz-nav-list]");
  var answeredText = document.querySelector("[data-quiz-answered]");
  var summary = document.querySelector("[data-quiz-summary]");
  var summarySaved = document.querySelector("[data-quiz-summary-saved]");

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function isAnswered(box) {
    var fields = box.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) return true;
      } else if (field.value && field.value.trim()) {
        return true;
      }
    }
    return false;
  }

  function recount() {
    if (!navList) return;
    var boxes = form.querySelectorAll("[data-quiz-question]");
    for (var i = 0; i < boxes.length; i++) {
      var item = navList.querySelector(
        '[data-quiz-nav="' + boxes[i].getAttribute("data-quiz-question") + '"]'
      );
      if (!item) continue;
      var answered = isAnswered(boxes[i]);
      item.classList.toggle("is-answered", answered);
      var state = item.querySelector("[data-quiz-nav-state]");
      if (state) {
        state.textContent = navList.getAttribute(
          answered ? "data-text-answered" : "data-text-unanswered"
        );
      }
    }
    var items = navList.querySelectorAll("[data-quiz-nav]");
    var total = items.length;
    var done = navList.querySelectorAll("[data-quiz-nav].is-answered").length;
    if (answeredText) {
      answeredText.textContent = fill(answeredText.getAttribute("data-text-live"), {
        answered: done, total: total
      });
    }
    if (summary) {
      summary.textContent = done >= total
        ? summary.getAttribute("data-text-none")
        : fill(summary.getAttribute("data-text-some"), { count: total - done, total: total });
      summary.hidden = false;
      if (summarySaved) summarySaved.hidden = true;
    }
  }

  recount();
  form.addEventListener("change", recount);
  form.addEventListener("input", recount);

  if (!window.fetch || !window.FormData) return;

  var status = document.querySelector("[data-quiz-status]");
  var saving = null;   // the request in flight
  var again = false;   // a change came while saving: save once more after it
  var timer = null;
  var finished = false;

  function say(text) {
    if (status) status.textContent = text || "";
  }

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function save() {
    if (finished) return;
    if (saving) { again = true; return; }
    var data = new FormData(form);
    data.set("action", "save");
    say(form.getAttribute("data-text-saving"));
    saving = fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().then(function (body) {
          finished = true;
          window.location.assign(body.url);
        });
      }
      if (!response.ok) throw new Error(response.status);
      say(form.getAttribute("data-text-saved"));
    }).catch(function () {
      say(form.getAttribute("data-text-failed"));
    }).then(function () {
      saving = null;
      if (again) { again = false; save(); }
    });
  }

  function scheduleSave() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  }

  form.addEventListener("change", scheduleSave);
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") scheduleSave();
  });
  form.addEventListener("submit", function () {
    // A button press posts the page itself: no background save may race it.
    window.clearTimeout(timer);
    finished = true;
  });

  // Countdown
  var deadlineText = form.getAttribute("data-deadline");
  var box = document.querySelector("[data-quiz-timer]");
  if (!deadlineText || !box) return;
  var deadline = Date.parse(deadlineText);
  var serverNow = Date.parse(form.getAttribute("data-now"));
  if (isNaN(deadline) || isNaN(serverNow)) return;
  var offset = serverNow - Date.now();  // server clock minus this browser's
  var clock = box.querySelector("[data-quiz-clock]");
  var countdown = box.querySelector("[data-quiz-countdown]");
  var warning = box.querySelector("[data-quiz-warning]");
  var warned = false;
  countdown.hidden = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function submitNow() {
    finished = true;
    window.clearTimeout(timer);
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "submit";
    form.appendChild(action);
    // Buttons named "action" are not sent by form.submit(): only this field is.
    form.submit();
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    clock.textContent = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(left % 60);
    if (left <= 60 && !warned) {
      warned = true;
      box.classList.add("is-ending");
      warning.textContent = warning.getAttribute("data-text-warning");
    }
    if (left <= 0) {
      warning.textContent = warning.getAttribute("data-text-ended");
      if (!finished) submitNow();
      return;
    }
    window.setTimeout(tick, 1000 - (Date.now() % 1000));
  }
  tick();
})();

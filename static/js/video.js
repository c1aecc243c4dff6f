// Progressive enhancement: load an external video player only when the learner asks.
(function () {
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-video-load]");
    if (!button) return;
    var box = button.closest("[data-embed-src]");
    var frame = document.createElement("iframe");
    frame.src = box.getAttribute("data-embed-src");
    frame.title = box.getAttribute("data-embed-title") || "";
    frame.allow = "fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.className = "video__frame";
    box.replaceChildren(frame);
  });
})();

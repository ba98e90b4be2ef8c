/* A background job's page (a report being built, a catalogue file being checked or imported):
   poll the status address the progress box names while the job runs, then reload to show its
   result. The status answers {finished, progress, label, detail}. */
(function () {
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector(".progress-label");
  var detail = box.querySelector(".progress-detail");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        bar.setAttribute("aria-valuenow", data.progress);
        label.textContent = data.label;
        detail.textContent = data.detail;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 800);
})();

/* Import job page: poll the job's progress while it is checked or imported, then reload to show the report. */
(function () {
  var box = document.getElementById("import_progress");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var count = box.querySelector(".import-count");
  var label = box.querySelector(".import-status-label");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.busy) { window.location.reload(); return; }
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        bar.setAttribute("aria-valuenow", data.progress);
        label.textContent = data.label;
        count.textContent = data.processed + " of " + (data.total || "?") + " rows";
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 800);
})();

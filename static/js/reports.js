/* Report run page: poll the run's status while it builds, then reload to show the result. */
(function () {
  var box = document.getElementById("report_progress");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var step = box.querySelector(".report-step");
  var label = box.querySelector(".report-status-label");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        bar.setAttribute("aria-valuenow", data.progress);
        label.textContent = data.status.charAt(0).toUpperCase() + data.status.slice(1);
        step.textContent = data.step || "waiting for a worker";
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

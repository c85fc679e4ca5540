// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.matches("[data-print]")) {
    event.preventDefault();
    window.print();
  }
  // Deadline presets: the server computed the working-day dates; a click only fills the field.
  if (target && target.matches("[data-fill]")) {
    event.preventDefault();
    var field = document.getElementById(target.getAttribute("data-fill"));
    if (field) {
      field.value = target.getAttribute("data-value");
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
});
// Registration form: show "Số: 12/UBND-VP" as it will be stored while the clerk types.
// The server checks again and says what is wrong; this only mirrors its spelling rules.
(function () {
  var notation = document.querySelector("[data-code-preview]");
  if (!notation) { return; }
  var number = document.getElementById("code_number");
  var preview = document.getElementById(notation.getAttribute("data-code-preview"));
  var mixed = {};
  (notation.getAttribute("data-mixed-case") || "").split(/\s+/).forEach(function (abbr) {
    if (abbr) { mixed[abbr.toUpperCase()] = abbr; }
  });
  var allowed = /^[A-Za-zĐđ0-9&\-\/ ]*$/;
  function canonical(group) {
    if (mixed[group.toUpperCase()]) { return mixed[group.toUpperCase()]; }
    var hasLower = group !== group.toUpperCase(), hasUpper = group !== group.toLowerCase();
    return hasLower && hasUpper ? group : group.toUpperCase();  // "TTr" (Thanh tra) is kept
  }
  function update() {
    var n = (number ? number.value : "").normalize("NFC").replace(/\s+/g, "");
    var t = notation.value.normalize("NFC").replace(/[\u2010-\u2014\u2212]/g, "-").trim();
    var pasted = /^(?:[Ss]ố\s*:?\s*)?(\d{1,7})\s*\/\s*(.*)$/.exec(t);
    if (pasted && (!n || Number(pasted[1]) === Number(n))) { n = n || pasted[1]; t = pasted[2]; }
    preview.classList.remove("field-error");
    if (!n && !t) { preview.textContent = ""; return; }
    if (!allowed.test(t) || (n && !/^\d+$/.test(n))) {
      preview.classList.add("field-error");
      preview.textContent = "Số, ký hiệu có ký tự không hợp lệ: số chỉ gồm chữ số; ký hiệu chỉ gồm chữ, số, & và dấu -.";
      return;
    }
    var code = t.replace(/\s*([\-\/])\s*/g, "$1").split(/([\-\/])/).map(function (part) {
      return part === "-" || part === "/" ? part : canonical(part);
    }).join("");
    preview.textContent = "Số: " + n + (n && code ? "/" : "") + code;
  }
  notation.addEventListener("input", update);
  if (number) { number.addEventListener("input", update); }
  update();
})();
// Upload forms: refuse files over the limit before sending them (the server refuses too, at
// once, but a browser cut off mid-upload often shows only "connection reset").
document.addEventListener("submit", function (event) {
  var form = event.target;
  var limit = Number(form.getAttribute("data-max-bytes") || 0);
  if (!limit) { return; }
  var total = 0;
  Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
    Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
  });
  if (total > limit) {
    event.preventDefault();
    var box = form.querySelector("[data-upload-too-large]");
    var message = "Các tệp đã chọn có tổng dung lượng " + (total / 1048576).toFixed(1) + " MB, vượt quá giới hạn " +
      form.getAttribute("data-max-mb") + " MB cho mỗi lần tải lên. Hãy quét ở độ phân giải 200–300 dpi, " +
      "nén PDF hoặc tách thành nhiều tệp rồi chọn lại.";
    if (box) { box.textContent = message; box.hidden = false; } else { window.alert(message); }
  }
});
// Preset buttons need this script, so they are shown only when it runs.
document.querySelectorAll("[data-presets][hidden]").forEach(function (box) { box.hidden = false; });
// Signature panels: while the worker checks a file's signatures ("Đang kiểm tra chữ ký…"), ask
// the server every few seconds and put the report in place when it is done. Without this file
// the page shows the same state on reload.
(function () {
  function poll(panel, delay) {
    var url = panel.getAttribute("data-signature-poll");
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.state !== "pending") {
            var holder = document.createElement("div");
            holder.innerHTML = data.html;
            var fresh = holder.firstElementChild;
            if (fresh) { panel.replaceWith(fresh); }
            return;
          }
          poll(panel, Math.min(delay * 1.5, 10000));
        })
        .catch(function () { poll(panel, Math.min(delay * 2, 15000)); });
    }, delay);
  }
  document.querySelectorAll("[data-signature-poll]").forEach(function (panel) { poll(panel, 1500); });
})();

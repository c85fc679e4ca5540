// Kiosk mode (eoffice/onestop/kiosk.py): back to the start screen after `data-idle` seconds
// without a touch, the on-screen keypad, and scanning the receipt's QR with the camera where
// the browser can (BarcodeDetector). Everything works without it, only less comfortably.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle") || "0", 10);
  var home = body.getAttribute("data-home") || "/kiosk";
  var timer = null;
  function goHome() { window.location.replace(home); }
  function rearm() {
    if (!idle) { return; }
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(goHome, idle * 1000);
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, rearm, { passive: true, capture: true });
  });
  rearm();

  // The secret must not stay on screen for the next person: a page shown again from the
  // back/forward cache starts from home.
  window.addEventListener("pageshow", function (event) { if (event.persisted && idle) { goHome(); } });

  var targets = Array.prototype.slice.call(document.querySelectorAll("[data-keypad-target]"));
  var current = targets[0] || null;
  targets.forEach(function (input) { input.addEventListener("focus", function () { current = input; }); });
  var letters = document.querySelector(".letters");
  document.querySelectorAll("[data-key]").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-key");
      if (key === "letters") { if (letters) { letters.hidden = !letters.hidden; } return; }
      if (!current) { return; }
      if (key === "back") { current.value = current.value.slice(0, -1); }
      else if (key === "clear") { current.value = ""; }
      else { current.value += key; }
      current.focus();
    });
  });

  var scan = document.querySelector("[data-scan]");
  var video = document.querySelector("[data-camera]");
  if (scan && video && "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    scan.hidden = false;
    scan.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var look = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (track) { track.stop(); });
              var form = scan.closest("form");
              form.querySelector("[name=ma]").value = codes[0].rawValue;
              form.submit();
            } else { window.requestAnimationFrame(look); }
          }).catch(function () { window.requestAnimationFrame(look); });
        };
        look();
      }).catch(function () { scan.textContent = "Không mở được camera; hãy dùng máy quét hoặc bàn phím."; });
    });
  }
})();

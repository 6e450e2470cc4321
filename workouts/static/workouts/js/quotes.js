// Quote-unlocked toasts (HX-Trigger "quote-unlocked"). Replaced by the quotes feature.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("quote-unlocked", function (event) {
      (event.detail.quotes || []).forEach(function (quote) {
        if (window.Montage) window.Montage.showToast("“" + quote.text + "” — " + quote.speaker, "success");
      });
    });
  });
})();

/* Start the search worker while the page is still being parsed (this runs in <head>), not when Material's
 * search box is mounted after the page has loaded: the index is fetched and decoded meanwhile. When Material
 * then asks for the worker, it gets this one. Nothing else changes; from file://, offline.js takes over instead.
 */
(function () {
  "use strict";
  if (location.protocol === "file:" || typeof Worker === "undefined" || !document.currentScript) return;
  var NativeWorker = window.Worker;
  var url = new URL("worker.js", document.currentScript.src).href;
  var early = new NativeWorker(url);
  window.Worker = function (requested, options) {
    if (early && new URL(String(requested), location.href).href === url) {
      var started = early;
      early = null;
      return started;
    }
    return new NativeWorker(requested, options);
  };
})();

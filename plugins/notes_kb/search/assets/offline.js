/* Search from file:// (an offline build opened without a server): browsers refuse to start a Worker from a file,
 * and `fetch` cannot read one. So, on file:// only, the notes-kb search worker is replaced by the same protocol
 * running in the page, its scripts and index loaded with <script> tags (every index file in one, `search/nkb-index.js`).
 * Nothing is loaded from the network. Other workers are left to the browser.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var NativeWorker = window.Worker;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("notes-kb search: cannot load " + url));
      };
      document.head.appendChild(script);
    });
  }

  function InPageWorker(url) {
    var target = new EventTarget();
    var base = new URL(url, location.href);
    var scripts = ["vendor/lunr.min.js", "nkb-analysis.js", "nkb-search.js", "../../search/nkb-index.js"];
    var engine = scripts
      .reduce(function (done, path) {
        return done.then(function () {
          return loadScript(new URL(path, base).href);
        });
      }, Promise.resolve())
      .then(function () {
        var files = window.__nkbIndex;  // every index file, by site path
        return window.nkbSearch.open(function (path) {
          return files[path];
        });
      });
    var handle = null;
    target.postMessage = function (message) {
      engine.then(function () {
        handle = handle || window.nkbSearch.protocol(engine);
        return handle(message);
      }).then(function (reply) {
        target.dispatchEvent(new MessageEvent("message", { data: reply }));
      });
    };
    target.terminate = function () {};
    return target;
  }

  window.Worker = function (url, options) {
    if (/nkb-search\/worker\.js$/.test(String(url))) return InPageWorker(String(url));
    return new NativeWorker(url, options);
  };
})();

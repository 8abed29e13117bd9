/* notes-kb's search worker: Material's search UI talks to it in Material's own message protocol, and it answers
 * from the index prebuilt at build time (see nkb-search.js).
 *
 * The index is fetched as soon as the worker starts, in parallel with the page: by the time Material sends SETUP
 * (with an empty document list), it is usually loaded already. From file://, where browsers refuse workers,
 * `offline.js` runs the same protocol in the page instead.
 */
"use strict";

importScripts("vendor/lunr.min.js", "nkb-analysis.js", "nkb-search.js");

var engine = fetch(new URL("../../search/nkb-index.json", self.location.href).href)
  .then(function (response) {
    if (!response.ok) throw new Error("notes-kb search index: HTTP " + response.status);
    return response.json();
  })
  .then(self.nkbSearch.load);
var handle = self.nkbSearch.protocol(engine);

addEventListener("message", function (event) {
  handle(event.data).then(function (reply) {
    postMessage(reply);
  });
});

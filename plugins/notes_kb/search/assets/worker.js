/* notes-kb's search worker: Material's search UI talks to it in Material's own message protocol, and it answers
 * from the index prebuilt at build time, cut into files (see shards.py and nkb-search.js).
 *
 * The index head (term list, where postings are) is fetched as soon as the worker starts, in parallel with the
 * page; a query then fetches only the posting files of its terms and the result files of the hits it shows. From
 * file://, where browsers refuse workers, `offline.js` runs the same protocol in the page instead.
 */
"use strict";

importScripts("vendor/lunr.min.js", "nkb-analysis.js", "nkb-search.js");

var SITE = new URL("../../", self.location.href).href;

function fetchFile(path) {
  return fetch(SITE + path).then(function (response) {
    if (!response.ok) throw new Error("notes-kb search index: " + path + ": HTTP " + response.status);
    return response.json();
  });
}

var handle = self.nkbSearch.protocol(self.nkbSearch.open(fetchFile));

addEventListener("message", function (event) {
  handle(event.data).then(function (reply) {
    postMessage(reply);
  });
});

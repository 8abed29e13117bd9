/* The browser half of notes-kb search: decode the prebuilt index, rank a query, shape Material's results.
 *
 * `decode` and `search` are line-by-line twins of `notes_kb/search/index.py:decode` and
 * `notes_kb/search/query.py` (the command line answers with the same ranking). Needs lunr.js 2.3.9 and
 * nkb-analysis.js loaded first. Runs in a Web Worker, or in the page when the site is opened from file://.
 */
(function (scope) {
  "use strict";

  var EXACT_BOOST = 10.0;
  var FUZZY_BOOST = 1.0;
  var PREFIX_BOOST = 3.0;
  var FUZZY_MIN = 5;
  var FUZZY_TWO_EDITS_MIN = 9;
  var PREFIX_MIN = 2;
  var EXPANSION_BOOST = 3.0;
  var COVERAGE_WEIGHT = 3.0;
  var MAX_RESULTS = 50;

  /* The compact index to lunr's serialised shape, scores by lunr's BM25 formula (twin: index.py:decode). */
  function decode(compact) {
    var fields = compact.fields.map(function (f) { return f[0]; });
    var fieldBoosts = compact.fields.map(function (f) { return f[1]; });
    var k1 = compact.k1, b = compact.b;
    var lengths = compact.lengths;
    var count = compact.docs.length;
    var width = fields.length;
    var average = fields.map(function (_, slot) {
      var sum = 0;
      for (var at = slot; at < lengths.length; at += width) sum += lengths[at];
      return count ? sum / count : 0;
    });
    var boosts = [];
    for (var run = 0; run < compact.boosts.length; run += 2)
      for (var times = 0; times < compact.boosts[run + 1]; times++) boosts.push(compact.boosts[run]);
    // Two passes over the postings, no per-posting objects: first the size of every document's field vector,
    // then the vectors themselves in typed arrays (term numbers ascend, as lunr.Vector needs). A term's posting
    // lists ({document: metadata}) are built only when a query looks the term up: most terms never are.
    var sizes = fields.map(function () { return new Uint32Array(count); });
    var idfs = new Float64Array(compact.terms.length);
    for (var number = 0; number < compact.terms.length; number++) {
      var perField = compact.postings[number];
      var withTerm = 0;
      for (var slot = 0; slot < width; slot++) {
        var flat = perField[slot];
        withTerm += flat.length / 2;
        for (var at = 0, ref = 0; at < flat.length; at += 2) sizes[slot][(ref += flat[at])] += 2;
      }
      idfs[number] = Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
    }
    var vectors = sizes.map(function (bySize) {
      return Array.prototype.map.call(bySize, function (size) { return size ? new Float64Array(size) : null; });
    });
    var filled = fields.map(function () { return new Uint32Array(count); });
    var inverted = new Array(compact.terms.length);
    for (number = 0; number < compact.terms.length; number++) {
      perField = compact.postings[number];
      var entry = { _index: number };
      for (slot = 0; slot < width; slot++) {
        flat = perField[slot];
        for (at = 0, ref = 0; at < flat.length; at += 2) {
          ref += flat[at];
          var tf = flat[at + 1];
          var length = lengths[ref * width + slot];
          var score = idfs[number] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[slot])) + tf);
          score *= fieldBoosts[slot];
          score *= boosts[ref];
          var vector = vectors[slot][ref];
          vector[filled[slot][ref]++] = number;
          vector[filled[slot][ref]++] = Math.round(score * 1000) / 1000;
        }
        lazyPostings(entry, fields[slot], flat);
      }
      inverted[number] = [compact.terms[number], entry];
    }
    var fieldVectors = [];
    for (var doc = 0; doc < count; doc++)
      for (var field = 0; field < width; field++)
        if (vectors[field][doc]) fieldVectors.push([fields[field] + "/" + doc, vectors[field][doc]]);
    return {
      version: compact.lunr,
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: inverted,
      pipeline: []
    };
  }

  var EMPTY_METADATA = {};  // nothing is stored per posting: all share one empty object (lunr copies its keys)

  /* `entry[field]` as lunr reads it ({document: metadata}), decoded from the delta-coded list on first use. */
  function lazyPostings(entry, field, flat) {
    Object.defineProperty(entry, field, {
      enumerable: true,
      configurable: true,
      get: function () {
        var refs = {};
        for (var at = 0, ref = 0; at < flat.length; at += 2) refs[(ref += flat[at])] = EMPTY_METADATA;
        Object.defineProperty(entry, field, { value: refs, enumerable: true });
        return refs;
      }
    });
  }

  /* The query's words (stop words dropped), the last one open for completion while typing. */
  function parse(query, acronyms) {
    var spans = new Map();
    var tokens = scope.nkbAnalysis.analyse(query);
    for (var i = 0; i < tokens.length; i++) {
      var key = tokens[i].start + ":" + tokens[i].end;
      if (!spans.has(key)) spans.set(key, { start: tokens[i].start, end: tokens[i].end, terms: [] });
      spans.get(key).terms.push(tokens[i].term);
    }
    var words = [];
    spans.forEach(function (span) {
      var text = query.slice(span.start, span.end).toLowerCase();
      var expansion = (acronyms && Object.prototype.hasOwnProperty.call(acronyms, text) && acronyms[text]) || [];
      words.push({ text: text, terms: span.terms, hangul: scope.nkbAnalysis.isHangulWord(text), prefix: false, expansion: expansion });
    });
    if (words.length && query.length && !/\s/.test(query[query.length - 1])) {
      var last = words[words.length - 1];
      if (!last.hangul && last.text.length >= PREFIX_MIN) last.prefix = true;
    }
    for (var w = 0; w < words.length; w++) words[w].edits = edits(words[w]);
    return words;
  }

  function edits(word) {
    if (word.hangul || !word.terms.length) return 0;
    var length = word.terms[0].length;
    return length >= FUZZY_TWO_EDITS_MIN ? 2 : length >= FUZZY_MIN ? 1 : 0;
  }

  /* The longest start of `text` (down to three letters shorter) that some index term begins with. */
  function stub(index, text) {
    for (var end = text.length; end >= Math.max(PREFIX_MIN, text.length - 3); end--)
      if (index.tokenSet.intersect(lunr.TokenSet.fromString(text.slice(0, end) + "*")).toArray().length)
        return text.slice(0, end);
    return text;
  }

  function clauses(q, words) {
    words.forEach(function (word) {
      word.terms.forEach(function (term) {
        q.term(term, { boost: EXACT_BOOST, usePipeline: false });
        if (word.edits) q.term(term, { boost: FUZZY_BOOST, editDistance: word.edits, usePipeline: false });
      });
      if (word.prefix)
        q.term(word.stub, { boost: PREFIX_BOOST, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
      word.expansion.forEach(function (term) {
        q.term(term, { boost: EXPANSION_BOOST, usePipeline: false });
      });
    });
  }

  function expansions(index, word) {
    return word.terms.map(function (term) {
      var forms = new Set([term]);
      if (word.edits)
        index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(term, word.edits)).toArray().forEach(function (t) {
          forms.add(t);
        });
      if (word.prefix)
        index.tokenSet.intersect(lunr.TokenSet.fromString(word.stub + "*")).toArray().forEach(function (t) {
          forms.add(t);
        });
      return forms;
    });
  }

  function documentFrequency(index, term) {
    var posting = index.invertedIndex[term];
    if (!posting) return 0;
    var total = 0;
    for (var f = 0; f < index.fields.length; f++) total += Object.keys(posting[index.fields[f]]).length;
    return total;
  }

  /* A word's idf, from its most frequent form in the index (lunr's idf formula); 0 when the notes lack it. */
  function weight(index, forms, count) {
    var frequency = 0;
    forms.forEach(function (options) {
      options.forEach(function (form) {
        frequency = Math.max(frequency, documentFrequency(index, form));
      });
    });
    if (!frequency) return 0;
    return Math.log(1 + Math.abs((count - frequency + 0.5) / (frequency + 0.5)));
  }

  /* Idf-weighted share of the query's words found in the document, and the words found at all. */
  function coverage(words, expanded, weights, matched) {
    var total = 0;
    var weighed = 0;
    var names = [];
    for (var w = 0; w < words.length; w++) {
      var forms = expanded[w];
      var found = 0;
      for (var f = 0; f < forms.length; f++) {
        var hit = false;
        forms[f].forEach(function (t) {
          if (matched.has(t)) hit = true;
        });
        if (hit) found++;
      }
      var share = found / forms.length;
      if (words[w].expansion.length && words[w].expansion.every(function (t) { return matched.has(t); })) share = 1;
      total += weights[w] * share;
      weighed += weights[w];
      if (share) names.push(words[w].text);
    }
    return { coverage: weighed ? total / weighed : 0, names: names };
  }

  /* Ranked hits, best first: lunr's score times how much of the query the document covers. */
  function search(engine, query, limit) {
    var index = engine.index;
    var words = parse(query, engine.compact.acronyms);
    if (!words.length) return { words: words, hits: [] };
    words.forEach(function (word) {
      if (word.prefix) word.stub = stub(index, word.text);
    });
    var results = index.query(function (q) {
      clauses(q, words);
    });
    var expanded = words.map(function (word) {
      return expansions(index, word);
    });
    var weights = expanded.map(function (forms) {
      return weight(index, forms, engine.compact.docs.length);
    });
    var hits = results.map(function (result) {
      var matched = new Set(Object.keys(result.matchData.metadata));
      var covered = coverage(words, expanded, weights, matched);
      return {
        ref: Number(result.ref),
        score: result.score * Math.exp(COVERAGE_WEIGHT * (covered.coverage - 1)),
        matched: covered.names,
        terms: matched
      };
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.ref - b.ref;
    });
    return { words: words, hits: hits.slice(0, limit || MAX_RESULTS) };
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  /* Escaped text with the words that matched wrapped in <mark>: the only markup a result ever carries. */
  var SHOWN_CHARS = 170;  // about two lines of a result; the index keeps more so the window can move to a match

  /* Escaped text with the words that matched wrapped in <mark>: the only markup a result ever carries.
   * With `limit`, only a window of about that many characters is shown, starting a little before the first match. */
  function highlight(text, terms, prefixes, limit) {  // prefixes: the stubs of words being typed
    var marks = [];
    scope.nkbAnalysis.analyse(text).forEach(function (token) {
      var hit = terms.has(token.term);
      if (!hit)
        for (var p = 0; p < prefixes.length; p++)
          if (text.slice(token.start, token.end).toLowerCase().indexOf(prefixes[p]) === 0) hit = true;
      var last = marks[marks.length - 1];
      if (hit && !(last && last[0] === token.start)) marks.push([token.start, token.end]);
    });
    var start = 0, end = text.length;
    if (limit && text.length > limit) {
      if (marks.length && marks[0][1] > limit - 20) {
        start = text.lastIndexOf(" ", Math.max(0, marks[0][0] - 40)) + 1;
        if (start > marks[0][0]) start = marks[0][0];
      }
      end = text.indexOf(" ", start + limit);
      if (end === -1) end = text.length;
    }
    var html = start > 0 ? "… " : "";
    var at = start;
    marks.forEach(function (mark) {
      if (mark[0] < start || mark[1] > end) return;
      html += escapeHtml(text.slice(at, mark[0])) + "<mark>" + escapeHtml(text.slice(mark[0], mark[1])) + "</mark>";
      at = mark[1];
    });
    html += escapeHtml(text.slice(at, end));
    return end < text.length && !/…$/.test(html) ? html + " …" : html;
  }

  /* Material's result shape: one group per section, its page first (title only), then the section. */
  function materialResult(engine, query) {
    var found = search(engine, query);
    var prefixes = found.words.filter(function (w) { return w.prefix; }).map(function (w) { return w.stub; });
    var items = found.hits.map(function (hit) {
      var doc = engine.compact.docs[hit.ref];
      var page = engine.compact.pages[doc[0]];
      var terms = {};
      found.words.forEach(function (word) {
        terms[word.text] = hit.matched.indexOf(word.text) !== -1;
      });
      var text = highlight(doc[3], hit.terms, prefixes, SHOWN_CHARS);
      if (!doc[1])
        return [{ location: page[0], title: highlight(doc[2], hit.terms, prefixes), text: text, score: hit.score, terms: terms }];
      return [
        { location: page[0], title: escapeHtml(page[1]), text: "", score: hit.score, terms: terms },
        { location: page[0] + "#" + doc[1], title: highlight(doc[2], hit.terms, prefixes), text: text, score: hit.score, terms: terms }
      ];
    });
    return { items: items };
  }

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Material's worker protocol (SETUP 0 → READY 1, QUERY 2 → RESULT 3) over an engine that is loading. */
  function protocol(engine) {
    var suggest = false;
    return function handle(message) {
      switch (message.type) {
        case SETUP:
          suggest = Boolean(message.data && message.data.options && message.data.options.suggest);
          return engine.then(function () {
            return { type: READY };
          });
        case QUERY:
          return engine.then(function (loaded) {
            var result;
            try {
              result = materialResult(loaded, message.data);
            } catch (err) {
              console.warn("notes-kb search: query failed: " + message.data, err);
              result = { items: [] };
            }
            if (suggest) result.suggest = [];
            return { type: RESULT, data: result };
          });
        default:
          return Promise.reject(new TypeError("notes-kb search: unknown message type " + message.type));
      }
    };
  }

  function load(compact) {
    return { compact: compact, index: lunr.Index.load(decode(compact)) };
  }

  scope.nkbSearch = { decode: decode, parse: parse, search: search, load: load, materialResult: materialResult, highlight: highlight,
    protocol: protocol };
})(self);

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
      return sum / count;
    });
    var boosts = [];
    for (var run = 0; run < compact.boosts.length; run += 2)
      for (var times = 0; times < compact.boosts[run + 1]; times++) boosts.push(compact.boosts[run]);
    var inverted = new Array(compact.terms.length);
    var vectors = new Map();
    for (var number = 0; number < compact.terms.length; number++) {
      var perField = compact.postings[number];
      var withTerm = 0;
      for (var f = 0; f < width; f++) withTerm += perField[f].length / 2;
      var idf = Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
      var entry = { _index: number };
      for (var slot = 0; slot < width; slot++) {
        var flat = perField[slot];
        var refs = {};
        var ref = 0;
        for (var at = 0; at < flat.length; at += 2) {
          ref += flat[at];
          var tf = flat[at + 1];
          refs[ref] = {};
          var length = lengths[ref * width + slot];
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[slot])) + tf);
          score *= fieldBoosts[slot];
          score *= boosts[ref];
          var key = fields[slot] + "/" + ref;
          var vector = vectors.get(key);
          if (vector === undefined) vectors.set(key, (vector = []));
          vector.push(number, Math.round(score * 1000) / 1000);
        }
        entry[fields[slot]] = refs;
      }
      inverted[number] = [compact.terms[number], entry];
    }
    return {
      version: compact.lunr,
      fields: fields,
      fieldVectors: Array.from(vectors.entries()),
      invertedIndex: inverted,
      pipeline: []
    };
  }

  function isHangul(ch) {
    return (ch >= "\uac00" && ch <= "\ud7a3") || (ch >= "\u1100" && ch <= "\u11ff") || (ch >= "\u3130" && ch <= "\u318f");
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
      words.push({ text: text, terms: span.terms, hangul: isHangul(text[0]), prefix: false, expansion: expansion });
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

  function clauses(q, words) {
    words.forEach(function (word) {
      word.terms.forEach(function (term) {
        q.term(term, { boost: EXACT_BOOST, usePipeline: false });
        if (word.edits) q.term(term, { boost: FUZZY_BOOST, editDistance: word.edits, usePipeline: false });
      });
      if (word.prefix)
        q.term(word.text, { boost: PREFIX_BOOST, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
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
        index.tokenSet.intersect(lunr.TokenSet.fromString(word.text + "*")).toArray().forEach(function (t) {
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
  function highlight(text, terms, prefixes) {
    var marks = [];
    scope.nkbAnalysis.analyse(text).forEach(function (token) {
      var hit = terms.has(token.term);
      if (!hit)
        for (var p = 0; p < prefixes.length; p++)
          if (text.slice(token.start, token.end).toLowerCase().indexOf(prefixes[p]) === 0) hit = true;
      var last = marks[marks.length - 1];
      if (hit && !(last && last[0] === token.start)) marks.push([token.start, token.end]);
    });
    var html = "";
    var at = 0;
    marks.forEach(function (mark) {
      html += escapeHtml(text.slice(at, mark[0])) + "<mark>" + escapeHtml(text.slice(mark[0], mark[1])) + "</mark>";
      at = mark[1];
    });
    return html + escapeHtml(text.slice(at));
  }

  /* Material's result shape: one group per section, its page first (title only), then the section. */
  function materialResult(engine, query) {
    var found = search(engine, query);
    var prefixes = found.words.filter(function (w) { return w.prefix; }).map(function (w) { return w.text; });
    var items = found.hits.map(function (hit) {
      var doc = engine.compact.docs[hit.ref];
      var page = engine.compact.pages[doc[0]];
      var terms = {};
      found.words.forEach(function (word) {
        terms[word.text] = hit.matched.indexOf(word.text) !== -1;
      });
      var text = highlight(doc[3], hit.terms, prefixes);
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

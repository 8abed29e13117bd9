/* The browser half of notes-kb search: rank a query over the index files a query needs, shape Material's results.
 *
 * `Engine` and `search` are line-by-line twins of `notes_kb/search/query.py` (the command line answers with the same
 * ranking, score for score). Needs lunr.js 2.3.9 (its token sets give typo matching) and nkb-analysis.js loaded
 * first. Runs in a Web Worker, or in the page when the site is opened from file://.
 */
(function (scope) {
  "use strict";

  var EXACT_BOOST = 10.0;
  var FUZZY_BOOST = 1.0;
  var PREFIX_BOOST = 3.0;
  var FUZZY_MIN = 5;
  var FUZZY_TWO_EDITS_MIN = 9;
  var CORRECTION_MIN = 7;
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";
  var PREFIX_MIN = 2;
  var STUB_MIN = 3;  // a completion backs off to 3 letters at fewest (twin: query.STUB_MIN)
  var EXPANSION_BOOST = 3.0;
  var GLOSSED_KOREAN = 0.5;  // a Korean word's terms, when the dictionary gives its English (query.py)
  var COVERAGE_WEIGHT = 3.0;
  var MAX_RESULTS = 50;
  var SHOWN_CHARS = 170;  // about two lines of a result
  var LEAD_CHARS = 40;  // shown before the match a window starts at
  var PARTICLES = new Set(["out", "up", "down", "over", "back", "away", "through"]);  // twin: query.py:PARTICLES
  // Words that join what a query compares ("alb vs nlb"): they rank comparisons, and a result without them answers
  // the query as well, so they are never struck through as missing (a blind review saw "vs" struck on every one).
  var NEVER_MISSING = new Set(["vs", "versus"]);
  var BLOCK_SEPARATOR = " \u00b7 ";  // shown between two list items, paragraphs or cells of a window
  var OPENING = /\n|(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)[.!?]["\u201d\u2019)]? (?=\S)/;  // a sentence or item starts after
  var ELLIPSIS = " …";

  var HEAD_PATH = "search/nkb/head.json";

  /* The index as far as queries have needed it (twin: query.py:Engine). `fetchFile(path)` → Promise of the
   * parsed file; each file is fetched once. Term numbers are positions in the sorted term list, as in lunr. */
  function Engine(head, fetchFile) {
    this.head = head;
    this.terms = head.terms;
    this.numbers = new Map();
    for (var n = 0; n < head.terms.length; n++) this.numbers.set(head.terms[n], n);
    this.acronyms = head.acronyms || {};
    this.documents = head.documents;
    this.starts = head.postingFiles;
    this.fetchFile = fetchFile;
    this.files = new Map();  // path → parsed file, once loaded
    this.pending = new Map();  // path → Promise
    this.tokenSet = null;
  }

  Engine.prototype.load = function (paths) {
    var self = this;
    return Promise.all(paths.map(function (path) {
      if (self.files.has(path)) return null;
      if (!self.pending.has(path))
        self.pending.set(path, Promise.resolve(self.fetchFile(path)).then(function (file) {
          self.files.set(path, file);
        }));
      return self.pending.get(path);
    }));
  };

  Engine.prototype.postingsFile = function (number) {
    var low = 0, high = this.starts.length - 1;  // the last file whose first term is <= number
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= number) low = mid; else high = mid - 1;
    }
    return low;
  };

  Engine.prototype.postingsPath = function (number) {
    return "search/nkb/p/" + this.postingsFile(number) + ".json";
  };

  /* Term `number`'s postings, per field [document delta, score in thousandths, ...]; its file must be loaded. */
  Engine.prototype.postings = function (number) {
    var at = this.postingsFile(number);
    return this.files.get("search/nkb/p/" + at + ".json")[number - this.starts[at]];
  };

  Engine.prototype.documentPath = function (ref) {
    return "search/nkb/d/" + Math.floor(ref / this.head.docsPerFile) + ".json";
  };

  /* Document `ref`'s row [page, anchor, title, snippet] and its page's [url, title]; its file must be loaded. */
  Engine.prototype.document = function (ref) {
    var shown = this.files.get(this.documentPath(ref));
    var row = shown.docs[ref % this.head.docsPerFile];
    return { row: row, page: shown.pages[String(row[0])] };
  };

  Engine.prototype.textPath = function (ref) {
    return "search/nkb/t/" + Math.floor(ref / this.head.textsPerFile) + ".json";
  };

  /* Document `ref`'s text as far as the index keeps it: its snippet, then the rest from its text file, which must be
   * loaded if the snippet is cut (twin: query.py:Engine.full_text). */
  Engine.prototype.fullText = function (ref) {
    var snippet = this.document(ref).row[3];
    if (!endsWith(snippet, ELLIPSIS)) return snippet;
    var rest = this.files.get(this.textPath(ref))[ref % this.head.textsPerFile];
    return rest === null ? snippet : snippet.slice(0, -ELLIPSIS.length) + rest;
  };

  function endsWith(text, end) {
    return text.length >= end.length && text.slice(text.length - end.length) === end;
  }

  /* The document that shows document `ref` again, or null (twin: query.py:Engine.copy_of). */
  Engine.prototype.copyOf = function (ref) {
    var row = this.document(ref).row;
    return row.length > 4 ? row[4] : null;
  };

  /* Whether the document that shows document `ref` again hides some of its passages (twin: query.py:abridged). */
  Engine.prototype.abridged = function (ref) {
    var row = this.document(ref).row;
    return row.length > 5 && (row[5] === 1 || row[5] === 2);
  };

  /* Whether that document shows only part of document `ref` (twin: query.py:Engine.shows_part). */
  Engine.prototype.showsPart = function (ref) {
    var row = this.document(ref).row;
    return row.length > 5 && row[5] === 2;
  };

  Engine.prototype.exact = function (term) {
    return this.numbers.has(term) ? [this.numbers.get(term)] : [];
  };

  /* Terms starting with `stub` (lunr's trailing wildcard), by number. */
  Engine.prototype.prefixed = function (stub) {
    var terms = this.terms, low = 0, high = terms.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (terms[mid] < stub) low = mid + 1; else high = mid;
    }
    var out = [];
    for (var at = low; at < terms.length && terms[at].lastIndexOf(stub, 0) === 0; at++) out.push(at);
    return out;
  };

  /* Terms within `edits` of `term` as lunr's token sets define it (their intersection, not a re-derivation). */
  Engine.prototype.fuzzy = function (term, edits) {
    if (!this.tokenSet) this.tokenSet = lunr.TokenSet.fromArray(this.terms);
    var self = this;
    return this.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(term, edits)).toArray()
      .map(function (t) { return self.numbers.get(t); })
      .sort(function (a, b) { return a - b; });
  };

  function engine(head, fetchFile) {
    return new Engine(head, fetchFile);
  }

  /* Words a question is asked with, not about ("how many"): dropped from queries (twin: query.py). */
  var QUERY_FILLER = new Set(["many", "much"]);

  /* The query's words (stop words and QUERY_FILLER dropped), the last one open for completion while typing. */
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
      if (QUERY_FILLER.has(text)) return;
      var hangul = scope.nkbAnalysis.isHangulWord(text);
      var expansion = (acronyms && has(acronyms, text) && acronyms[text]) || [];
      if (hangul && !expansion.length) expansion = koreanExpansion(span.terms, acronyms || {});
      words.push({ text: text, terms: span.terms, hangul: hangul, prefix: false, expansion: expansion, corrections: [],
                  joined: false });
    });
    words = spacedCompounds(words, acronyms || {});
    if (words.length && query.length && !/\s/.test(query[query.length - 1])) {
      var last = words[words.length - 1];
      if (!last.hangul && last.text.length >= PREFIX_MIN) last.prefix = true;
    }
    for (var w = 0; w < words.length; w++) words[w].edits = edits(words[w]);
    return words;
  }

  function has(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  /* The query's words, each run of two or three Korean words the dictionary holds as one word ("수명 주기" is
   * 수명주기, lifecycle) looking for that word's English (twin: query.py:spaced_compounds). */
  function spacedCompounds(words, expansions) {
    for (var at = 0; at < words.length; ) {
      var size = 1;
      for (var n = 3; n >= 2; n--) {
        var run = words.slice(at, at + n);
        var key = compoundKey(run, expansions);
        if (!key) continue;
        size = run.length;
        run.forEach(function (word) { word.expansion = expansions[key].slice(); });
        break;
      }
      at += size;
    }
    return words;
  }

  /* The dictionary word a run of two or more Korean words spells without spaces, the last word with or without its
   * particle; "" if none (twin: query.py:_compound_key). */
  function compoundKey(run, expansions) {
    if (run.length < 2 || !run.every(function (word) { return word.hangul; })) return "";
    var head = run.slice(0, -1).map(function (word) { return word.text; }).join("");
    var last = run[run.length - 1];
    var keys = [head + last.text, head + koreanStem(last.terms)];
    for (var k = 0; k < keys.length; k++) if (has(expansions, keys[k])) return keys[k];
    return "";
  }

  /* A Korean word without its particle, from its bigrams (twin: query.py:_korean_stem). */
  function koreanStem(terms) {
    var stem = terms[0];
    for (var t = 1; t < terms.length; t++) stem += terms[t].slice(1);
    return stem;
  }

  /* What a Korean word looks for besides its bigrams: the English of the dictionary words it is glued from, the
   * longest one at each place; a one-letter dictionary word only when it is the whole word
   * (twin: query.py:korean_expansion). */
  function koreanExpansion(terms, expansions) {
    var stem = koreanStem(terms);
    if (has(expansions, stem)) return expansions[stem].slice();
    var found = [];
    for (var at = 0; at < stem.length; ) {
      var key = null;
      for (var end = stem.length; end > at + 1; end--) {
        if (has(expansions, stem.slice(at, end))) {
          key = stem.slice(at, end);
          break;
        }
      }
      if (key === null) {
        at++;
        continue;
      }
      expansions[key].forEach(function (term) {
        if (found.indexOf(term) === -1) found.push(term);
      });
      at += key.length;
    }
    return found;
  }

  function edits(word) {  // none for a word with a digit: one edit is another number (twin: QueryWord.edits)
    if (word.hangul || !word.terms.length || /[0-9]/.test(word.terms[0])) return 0;
    var length = word.terms[0].length;
    return length >= FUZZY_TWO_EDITS_MIN ? 2 : length >= FUZZY_MIN ? 1 : 0;
  }

  /* A Korean word the notes never use is looked for as its English, as if typed in English (twin:
   * query.py:in_english). */
  function inEnglish(engine, word) {
    if (!word.hangul || !word.expansion.length) return;
    for (var t = 0; t < word.terms.length; t++) if (engine.numbers.has(word.terms[t])) return;
    word.terms = word.expansion;
    word.expansion = [];
  }

  /* The index terms of the words one typo away from `word` as typed, sorted, when the index has it in no form
   * (twin: query.py:corrections). */
  function corrections(engine, word) {
    var text = word.text;
    if (text.length < CORRECTION_MIN || !/^[a-z]+$/.test(text)) return [];
    if (word.prefix && engine.prefixed(word.stub).length) return [];
    for (var t = 0; t < word.terms.length; t++)
      if (engine.numbers.has(word.terms[t]) || engine.fuzzy(word.terms[t], word.edits).length) return [];
    var found = new Set();
    oneTypoAway(text).forEach(function (candidate) {
      var term = scope.nkbAnalysis.englishTerm(candidate);
      if (engine.numbers.has(term) && word.terms.indexOf(term) === -1) found.add(term);
    });
    return Array.from(found).sort();
  }

  /* Every string one deletion, transposition, substitution or insertion of a letter from `text`. */
  function oneTypoAway(text) {
    var out = new Set();
    for (var at = 0; at <= text.length; at++) {
      var left = text.slice(0, at), right = text.slice(at);
      if (right) out.add(left + right.slice(1));
      if (right.length > 1) out.add(left + right[1] + right[0] + right.slice(2));
      for (var l = 0; l < LETTERS.length; l++) {
        if (right) out.add(left + LETTERS[l] + right.slice(1));
        out.add(left + LETTERS[l] + right);
      }
    }
    return out;
  }

  /* The longest start of `text` (down to three letters shorter, never below STUB_MIN) that some index term begins
   * with (twin: query.stub_of). */
  function stub(engine, text) {
    for (var end = text.length; end >= Math.max(STUB_MIN, text.length - 3); end--)
      if (engine.prefixed(text.slice(0, end)).length) return text.slice(0, end);
    return text;
  }

  /* Each two Latin words that the index holds written as one ("cloud front") also look for that word, as an
   * acronym looks for its expansion (twin: query.py:joined_names). */
  function joinedNames(engine, words) {
    for (var at = 0; at + 1 < words.length; at++) {
      var one = words[at], other = words[at + 1];
      if (one.hangul || other.hangul || one.expansion.length || other.expansion.length) continue;
      if (PARTICLES.has(other.text)) continue;  // "time out", "set up": a verb and its particle, no name
      if (!/^[a-z]+$/.test(one.text) || !/^[a-z]+$/.test(other.text)) continue;
      var joined = scope.nkbAnalysis.englishTerm(one.text + other.text);
      if (one.terms.concat(other.terms).indexOf(joined) === -1 && engine.numbers.has(joined)) {
        one.expansion = [joined];
        other.expansion = [joined];
        one.joined = other.joined = true;
      }
    }
  }

  /* The boost of a word's typo forms: a tenth of its own, unless it is misspelt (twin: query.py:typo_boost). */
  function typoBoost(word, own) {
    return word.misspelt ? own : FUZZY_BOOST;
  }

  /* Whether a finished Latin word's terms are none of them in the index: a typo, whose typo forms then weigh as the
   * word would (twin: query.py:misspelt). */
  function misspelt(engine, word) {
    if (word.prefix || word.hangul || word.expansion.length || !word.terms.length) return false;
    return !word.terms.some(function (term) { return engine.numbers.has(term); });
  }

  /* The lunr clauses of a query, in order: per term exact and fuzzy, the completion, the acronym's expansion. */
  function clauses(words) {
    var out = [];
    words.forEach(function (word) {
      word.terms.forEach(function (term) {
        var boost = word.hangul && word.expansion.length ? EXACT_BOOST * GLOSSED_KOREAN : EXACT_BOOST;
        out.push({ term: term, boost: boost, edits: 0, prefix: false });
        if (word.edits) out.push({ term: term, boost: typoBoost(word, boost), edits: word.edits, prefix: false });
      });
      word.corrections.forEach(function (term) {
        out.push({ term: term, boost: typoBoost(word, EXACT_BOOST), edits: 0, prefix: false });
      });
      if (word.prefix) out.push({ term: word.stub, boost: PREFIX_BOOST, edits: 0, prefix: true });
      // A joined name weighs as the word typed, half from each of its two words (twin: QueryWord.expansion_boost).
      var expansionBoost = word.joined ? EXACT_BOOST / 2 : EXPANSION_BOOST;
      word.expansion.forEach(function (term) {
        out.push({ term: term, boost: expansionBoost, edits: 0, prefix: false });
      });
    });
    return out;
  }

  function expand(engine, clause) {
    if (clause.prefix) return engine.prefixed(clause.term);
    if (clause.edits) return engine.fuzzy(clause.term, clause.edits);
    return engine.exact(clause.term);
  }

  /* lunr's query scoring (twin: query.py:_score): per document the score, the index terms it matched and those its
   * text field matched. */
  function score(engine, expanded) {
    var textSlot = engine.head.fields.indexOf("text");
    var queryVector = new Map();
    var fields = new Map();  // document * 8 + field → Map(term number → its field score)
    var collected = new Set();
    expanded.forEach(function (pair) {
      var clause = pair[0];
      pair[1].forEach(function (number) {
        queryVector.set(number, (queryVector.has(number) ? queryVector.get(number) : 0) + clause.boost);
        if (collected.has(number)) return;
        collected.add(number);
        var perField = engine.postings(number);
        for (var slot = 0; slot < perField.length; slot++) {
          var flat = perField[slot];
          for (var at = 0, ref = 0; at < flat.length; at += 2) {
            ref += flat[at];
            var key = ref * 8 + slot;
            if (!fields.has(key)) fields.set(key, new Map());
            fields.get(key).set(number, flat[at + 1] / 1000);
          }
        }
      });
    });
    var numbers = Array.from(queryVector.keys()).sort(function (a, b) { return a - b; });
    var squares = 0;
    numbers.forEach(function (number) {
      squares += queryVector.get(number) * queryVector.get(number);
    });
    var magnitude = Math.sqrt(squares);
    var scores = new Map();
    var matched = new Map();
    var inText = new Map();
    fields.forEach(function (found, key) {
      var ref = Math.floor(key / 8);
      if (key % 8 === textSlot)
        inText.set(ref, new Set(Array.from(found.keys()).map(function (number) { return engine.terms[number]; })));
      var dot = 0;
      Array.from(found.keys()).sort(function (a, b) { return a - b; }).forEach(function (number) {
        dot += queryVector.get(number) * found.get(number);
      });
      scores.set(ref, (scores.has(ref) ? scores.get(ref) : 0) + (magnitude ? dot / magnitude : 0));
      if (!matched.has(ref)) matched.set(ref, new Set());
      found.forEach(function (_, number) {
        matched.get(ref).add(engine.terms[number]);
      });
    });
    return { scores: scores, matched: matched, inText: inText };
  }

  function expansions(engine, word) {
    return word.terms.map(function (term) {
      var forms = new Set([term]);
      if (word.edits)
        engine.fuzzy(term, word.edits).forEach(function (n) {
          forms.add(engine.terms[n]);
        });
      if (word.prefix)
        engine.prefixed(word.stub).forEach(function (n) {
          forms.add(engine.terms[n]);
        });
      word.corrections.forEach(function (correction) {
        forms.add(correction);
      });
      return forms;
    });
  }

  /* Each index term a result may mark → [what it counts for in a window, its weight]: its query word's, or, a term
   * of an expansion, its own (twin: query.py:term_weights). */
  function termWeights(engine, words, expandedWords, weights) {
    var found = new Map();
    function count(term, key, value) {
      var had = found.get(term);
      if (had === undefined || value > had[1] || (value === had[1] && key > had[0])) found.set(term, [key, value]);
    }
    words.forEach(function (word, at) {
      var terms = new Set();
      expandedWords[at].forEach(function (options) {
        options.forEach(function (form) {
          terms.add(form);
        });
      });
      Array.from(terms).sort().forEach(function (term) {
        count(term, "w" + at, weights[at]);
      });
      word.expansion.forEach(function (term) {
        count(term, "x:" + term, weight(engine, [new Set([term])]));
      });
    });
    return found;
  }

  function documentFrequency(engine, term) {
    if (!engine.numbers.has(term)) return 0;
    var total = 0;
    engine.postings(engine.numbers.get(term)).forEach(function (flat) {
      total += flat.length / 2;
    });
    return total;
  }

  /* A word's idf, from its most frequent form in the index (lunr's idf formula); 0 when the notes lack it. */
  function weight(engine, forms) {
    var frequency = 0;
    forms.forEach(function (options) {
      options.forEach(function (form) {
        frequency = Math.max(frequency, documentFrequency(engine, form));
      });
    });
    if (!frequency) return 0;
    var count = engine.documents;
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

  /* Ranked hits, best first: lunr's score times how much of the query the document covers. Fetches the posting
   * files the query's terms are in first; resolves to {words, hits}. */
  function search(engine, query, limit) {
    var words = parse(query, engine.acronyms);
    if (!words.length) return Promise.resolve({ words: words, hits: [] });
    words.forEach(function (word) {
      if (word.prefix) word.stub = stub(engine, word.text);
      word.corrections = corrections(engine, word);
      inEnglish(engine, word);
    });
    joinedNames(engine, words);
    words.forEach(function (word) {
      word.misspelt = misspelt(engine, word);
      // a misspelt word two typos may reach looks only one away if any term is there (twin: query.py:nearest_typos)
      if (word.misspelt && word.edits >= 2 && word.terms.some(function (t) { return engine.fuzzy(t, 1).length; }))
        word.edits = 1;
    });
    var expanded = clauses(words).map(function (clause) {
      return [clause, expand(engine, clause)];
    });
    var needed = new Set();
    expanded.forEach(function (pair) {
      pair[1].forEach(function (number) {
        needed.add(engine.postingsPath(number));
      });
    });
    return engine.load(Array.from(needed)).then(function () {
      var found = score(engine, expanded);
      var sought = new Set();
      expanded.forEach(function (pair) {
        if (!pair[0].prefix)
          pair[1].forEach(function (number) {
            sought.add(engine.terms[number]);
          });
      });
      var expandedWords = words.map(function (word) {
        return expansions(engine, word);
      });
      var weights = expandedWords.map(function (forms) {
        return weight(engine, forms);
      });
      var hits = [];
      found.scores.forEach(function (value, ref) {
        var matched = found.matched.get(ref);
        var covered = coverage(words, expandedWords, weights, matched);
        var body = new Set();
        (found.inText.get(ref) || new Set()).forEach(function (term) {
          if (sought.has(term)) body.add(term);
        });
        hits.push({
          ref: ref,
          score: value * Math.exp(COVERAGE_WEIGHT * (covered.coverage - 1)),
          matched: covered.names,
          terms: matched,
          body: body
        });
      });
      hits.sort(function (a, b) {
        return b.score - a.score || a.ref - b.ref;
      });
      var counted = termWeights(engine, words, expandedWords, weights);
      return { words: words, hits: hits.slice(0, limit || MAX_RESULTS), weights: counted };
    });
  }

  /* Hits with a source page's section and its service-page copy, both found and the copy matching every word the
   * section matched, listed once: as the copy, at the better rank of the two, with that rank's score, showing the
   * source section's text (the copy's own where it hides some of the section's passages) and marking the words
   * either matched (twin: query.py:fold_copies). Their result files
   * must be loaded. */
  function foldCopies(engine, hits) {
    var found = new Map();
    hits.forEach(function (hit) {
      found.set(hit.ref, hit);
    });
    var copies = new Map();
    var standsFor = new Map();  // copy → the best ranked source section it is listed for
    hits.forEach(function (hit) {
      var copy = engine.copyOf(hit.ref);
      if (copy === null || engine.showsPart(hit.ref) || !found.has(copy) || !covers(found.get(copy), hit)) return;
      copies.set(hit.ref, copy);
      if (!standsFor.has(copy)) standsFor.set(copy, hit.ref);
    });
    var listed = new Set();
    var folded = [];
    hits.forEach(function (hit) {
      var shown = copies.has(hit.ref) ? found.get(copies.get(hit.ref)) : hit;
      if (listed.has(shown.ref)) return;
      listed.add(shown.ref);
      if (!standsFor.has(shown.ref)) return folded.push(shown);
      var source = found.get(standsFor.get(shown.ref));
      var terms = new Set(shown.terms);
      source.terms.forEach(function (term) {
        terms.add(term);
      });
      if (engine.abridged(source.ref)) {  // its words may be hidden there: quote the copy's, which the reader finds
        return folded.push(Object.assign({}, shown, { score: hit.score, terms: terms }));
      }
      folded.push(Object.assign({}, shown, { score: hit.score, snippet: source.ref, terms: terms, body: source.body }));
    });
    return folded;
  }

  /* The hits less each service-page section listed below a source section of which it shows only a part (twin:
   * query.py:without_parts). */
  function withoutParts(engine, hits) {
    var listed = new Map();
    hits.forEach(function (hit, at) {
      listed.set(hit.ref, at);
    });
    var parts = new Set();
    hits.forEach(function (hit, at) {
      var copy = engine.copyOf(hit.ref);
      if (copy === null || !engine.showsPart(hit.ref) || !listed.has(copy) || listed.get(copy) <= at) return;
      if (covers(hit, hits[listed.get(copy)])) parts.add(copy);  // the section matched every word the part did
    });
    return hits.filter(function (hit) {
      return !parts.has(hit.ref);
    });
  }

  /* Whether the copy has every query word the source section matched (twin: query.py:_covers). */
  function covers(copy, source) {
    return source.matched.every(function (word) {
      return copy.matched.indexOf(word) !== -1;
    });
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  /* (start, end, term) of each word of `text` that matched: one of `terms`, or starting with a prefix typed
   * (twin: query.py:marks). */
  function marks(text, terms, prefixes) {
    var found = [];
    scope.nkbAnalysis.analyse(text).forEach(function (token) {
      var hit = terms.has(token.term);
      if (!hit)
        for (var p = 0; p < prefixes.length; p++)
          if (text.slice(token.start, token.end).toLowerCase().indexOf(prefixes[p]) === 0) hit = true;
      var last = found[found.length - 1];
      if (hit && !(last && token.start < last[1])) found.push([token.start, token.end, token.term]);
    });
    return found;
  }

  /* The window of about `limit` characters a result shows: from the text's start, or from a little before a matched
   * word, whichever holds the most different matched words by their `weights` (1 each where none is given), the
   * earliest of equals, moved on to where a sentence or list item starts if one does before its first match (twin:
   * query.py:window_span). */
  function windowSpan(text, found, limit, weights) {
    if (text.length <= limit) return [0, text.length];
    var starts = [0];
    var last = text.length - limit;  // a window starting after the word here would show less than `limit`
    var tail = Math.max(text.lastIndexOf(" ", last), text.lastIndexOf("\n", last)) + 1;
    found.forEach(function (mark) {
      var before = Math.max(0, mark[0] - LEAD_CHARS);
      var start = Math.min(Math.max(text.lastIndexOf(" ", before), text.lastIndexOf("\n", before)) + 1, mark[0]);
      if (tail < start && windowEnd(text, tail, limit) >= mark[1]) start = tail;  // twin: query.py:_start_for
      if (starts.indexOf(start) === -1) starts.push(start);
    });
    var best = [-1, 0, text.length];
    starts.forEach(function (start) {
      var end = windowEnd(text, start, limit);
      var held = windowWeight(found, start, end, weights || new Map());
      if (held > best[0]) best = [held, start, end];
    });
    var start = best[1];
    if (opens(text, start)) return [start, best[2]];
    var first = start;
    for (var m = 0; m < found.length; m++) if (found[m][0] >= start) { first = found[m][0]; break; }
    var opening = new RegExp(OPENING.source, "g");
    var hit = opening.exec(text.slice(start, first + 1));
    if (hit === null) return [start, best[2]];
    start += hit.index + hit[0].length;
    return [start, windowEnd(text, start, limit)];
  }

  /* What a window from `start` to `end` holds: the weight of each key its matched terms count for, once, added in
   * key order and rounded to millionths (twin: query.py:_window_weight). */
  function windowWeight(found, start, end, weights) {
    var held = new Map();
    found.forEach(function (mark) {
      if (mark[0] < start || mark[1] > end) return;
      var counted = weights.get(mark[2]) || ["t:" + mark[2], 1.0];
      held.set(counted[0], counted[1]);
    });
    var sum = 0;
    Array.from(held.keys()).sort().forEach(function (key) {
      sum += held.get(key);
    });
    return Math.floor(sum * 1e6 + 0.5) / 1e6;
  }

  /* Where a window from `start` ends: the first space or line break `limit` characters on, or the text's end. */
  function windowEnd(text, start, limit) {
    var gap = text.slice(start + limit).search(/[ \n]/);
    return gap === -1 ? text.length : start + limit + gap;
  }

  /* Whether a sentence or list item starts at `at` (twin: query.py:_opens). */
  function opens(text, at) {
    if (at === 0) return true;
    var from = Math.max(0, at - 3), opening = new RegExp(OPENING.source, "g"), piece = text.slice(from, at + 1), hit;
    while ((hit = opening.exec(piece)) !== null) if (from + hit.index + hit[0].length === at) return true;
    return false;
  }

  /* The matched words a window is chosen by: those not in the result's heading or page title (`titled`, which the
   * reader sees above it), or all if every one is (twin: query.py:untitled). */
  function untitled(found, titled) {
    var besides = found.filter(function (mark) { return !titled.has(mark[2]); });
    return besides.length ? besides : found;
  }

  /* Escaped text with the words that matched wrapped in <mark>: the only markup a result ever carries. With
   * `limit`, only the window `windowSpan` picks is shown, chosen by the matches besides `titled` (twin:
   * query.py:window). */
  function highlight(text, terms, prefixes, limit, titled, weights) {  // prefixes: the stubs of words being typed
    var found = marks(text, terms, prefixes);
    var span = limit ? windowSpan(text, untitled(found, titled || new Set()), limit, weights) : [0, text.length];
    var start = span[0], end = span[1];
    var html = start > 0 ? "… " : "";
    var at = start;
    found.forEach(function (mark) {
      if (mark[0] < start || mark[1] > end) return;
      html += shownText(text.slice(at, mark[0])) + "<mark>" + shownText(text.slice(mark[0], mark[1])) + "</mark>";
      at = mark[1];
    });
    html += shownText(text.slice(at, end));
    return end < text.length && !/…$/.test(html) ? html + ELLIPSIS : html;
  }

  /* Text as a result shows it, escaped, with " · " where one list item, paragraph or cell ends and the next begins
   * (twin: query.py:window). */
  function shownText(text) {
    return escapeHtml(text).replace(/\n/g, BLOCK_SEPARATOR);
  }

  /* Whether a result's text matched a word its snippet cut off: its window needs the rest of the text (twin:
   * query.py:_matched_past). */
  function matchedPast(snippet, body) {
    if (!endsWith(snippet, ELLIPSIS)) return false;
    var shown = new Set(scope.nkbAnalysis.analyse(snippet).map(function (token) { return token.term; }));
    var past = false;
    body.forEach(function (term) {
      if (!shown.has(term)) past = true;
    });
    return past;
  }

  function shownRef(hit) {
    return hit.snippet === undefined ? hit.ref : hit.snippet;
  }

  /* Material's result shape: one group per section, its page first (title only), then the section; a section
   * shown twice, once (`foldCopies`). Fetches the result files of the hits found. */
  function materialResult(engine, query) {
    return search(engine, query).then(function (found) {
      var paths = new Set(found.hits.map(function (hit) { return engine.documentPath(hit.ref); }));
      return engine.load(Array.from(paths)).then(function () {
        var folded = withoutParts(engine, foldCopies(engine, found.hits));
        var texts = new Set();
        folded.forEach(function (hit) {
          if (matchedPast(engine.document(shownRef(hit)).row[3], hit.body)) texts.add(engine.textPath(shownRef(hit)));
        });
        return engine.load(Array.from(texts)).then(function () {
          return { items: folded.map(function (hit) { return resultItems(engine, found.words, hit, found.weights); }) };
        });
      });
    });
  }

  function resultItems(engine, words, hit, weights) {
    var prefixes = words.filter(function (w) { return w.prefix; }).map(function (w) { return w.stub; });
    var shown = engine.document(hit.ref);
    var doc = shown.row, page = shown.page;
    var snippet = engine.document(shownRef(hit)).row[3];
    if (matchedPast(snippet, hit.body)) snippet = engine.fullText(shownRef(hit));
    var terms = materialTerms(words, hit, [doc[2], snippet], prefixes);
    var titled = new Set(scope.nkbAnalysis.analyse(doc[2] + " " + page[1]).map(function (token) { return token.term; }));
    var text = highlight(snippet, hit.terms, prefixes, SHOWN_CHARS, titled, weights);
    if (!doc[1])
      return [{ location: page[0], title: highlight(doc[2], hit.terms, prefixes), text: text, score: hit.score, terms: terms }];
    return [
      { location: page[0], title: escapeHtml(page[1]), text: "", score: hit.score, terms: terms },
      { location: page[0] + "#" + doc[1], title: highlight(doc[2], hit.terms, prefixes), text: text, score: hit.score, terms: terms }
    ];
  }

  /* Material's `terms` of a result: the words typed that matched nothing (false: shown struck through) and the
   * words to mark on the page a click opens (true: Material sends them as `?h=` and marks each place on the page
   * that holds one, inside words too, trying them in order). Those are not the words typed but the forms the
   * result's heading and text (`texts`) matched by, as the result marks them: "encrypting" found "encrypted",
   * "보안그룹은" found "보안그룹이", and the page holds neither word typed. A Korean form is its stem, so that the
   * page's other particles are marked too; a word being typed adds its stub. Longest first: "snapshots" is marked
   * whole, not as "snapshot" and an "s". */
  function materialTerms(words, hit, texts, prefixes) {
    var terms = {}, marked = new Set();
    words.forEach(function (word) {  // a number's joined word ("256 kb") is no word typed: its parts are listed
      if (hit.matched.indexOf(word.text) === -1 && !/\s/.test(word.text) && !NEVER_MISSING.has(word.text))
        terms[word.text] = false;
    });
    texts.forEach(function (text) {
      marks(text, hit.terms, prefixes).forEach(function (mark) {  // the words the result marks
        var form = text.slice(mark[0], mark[1]).toLowerCase();
        marked.add(scope.nkbAnalysis.isHangulWord(form) ? scope.nkbAnalysis.koreanStem(form) : form);
        prefixes.forEach(function (stub) {
          if (form.indexOf(stub) === 0) marked.add(stub);
        });
      });
    });
    if (!marked.size)  // matched only where the result shows no text (its page's title): the words typed
      words.forEach(function (word) {
        if (hit.matched.indexOf(word.text) !== -1) marked.add(word.text);
      });
    Array.from(marked)
      .sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); })
      .forEach(function (form) {
        if (!(form in terms)) terms[form] = true;
      });
    return terms;
  }

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  /* Material's worker protocol (SETUP 0 → READY 1, QUERY 2 → RESULT 3) over an engine that is loading. */
  function protocol(engine) {
    var suggest = false;
    // Replies leave in the order queries came in: a query may wait for index files while the next one (a key
    // later) needs none, and Material shows whichever reply arrives last, so a stale one must never overtake.
    var previous = engine;
    return function handle(message) {
      switch (message.type) {
        case SETUP:
          suggest = Boolean(message.data && message.data.options && message.data.options.suggest);
          return engine.then(function () {
            return { type: READY };
          });
        case QUERY:
          previous = previous
            .then(function () {
              return engine;
            })
            .then(function (loaded) {
              return materialResult(loaded, message.data);
            })
            .catch(function (err) {
              console.warn("notes-kb search: query failed: " + message.data, err);
              return { items: [] };
            })
            .then(function (result) {
              if (suggest) result.suggest = [];
              return { type: RESULT, data: result };
            });
          return previous;
        default:
          return Promise.reject(new TypeError("notes-kb search: unknown message type " + message.type));
      }
    };
  }

  /* An engine whose files come from `fetchFile(path)` (a Promise of the parsed file): the worker fetches them
   * from the site, the offline page reads them from the one script that holds them all. */
  function open(fetchFile) {
    return Promise.resolve(fetchFile(HEAD_PATH)).then(function (head) {
      return engine(head, fetchFile);
    });
  }

  scope.nkbSearch = { open: open, engine: engine, parse: parse, search: search, foldCopies: foldCopies,
    materialResult: materialResult, highlight: highlight, protocol: protocol, HEAD_PATH: HEAD_PATH };
})(self);

/*
 * Search text analysis at query time: the twin of notes_kb/search/analysis.py, which analysed the index at build
 * time. Both must give the same terms for the same text, or queries miss; tests/browser/test_search_parity.py
 * checks that in Chromium over every word and line of the notes. Change one, change the other.
 *
 * Words are runs of Latin letters and digits or runs of Hangul. English words are lowercased, lunr.js's stop words
 * dropped and the rest stemmed with lunr.js's Porter stemmer (copied here so the Python port can be compared to it);
 * words with digits ("ec2") stay as they are. Korean words lose one trailing particle or verb ending and become
 * character bigrams. Spans are in JavaScript string units (Python counts code points; they differ after an emoji).
 *
 * Plain ES2018, no dependencies: `importScripts` it in a worker or load it in a page; it sets `self.nkbAnalysis`.
 */
(function (root) {
  'use strict';

  var WORD = /[0-9]+(?=(?:[KkMmGgTtPp][Ii]?[Bb]|[GgMm][Bb][Pp][Ss]|[Mm][Ss])(?![0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]))|[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+|[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]+/g;
  var DIGIT = /[0-9]/;
  // A number and its unit, glued or one space apart, also give one joined term ("400kb"; twin: _QUANTITY).
  var QUANTITY = /(?<![0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F])(?<![0-9][.,])([0-9]+) ?([KkMmGgTtPp][Ii]?[Bb]|[GgMm][Bb][Pp][Ss]|[Mm][Ss])(?![0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F])/g;

  // lunr.js 2.3.9's English stop words (lunr.stopWordFilter), word for word.
  var STOP_WORDS = new Set([
    'a', 'able', 'about', 'across', 'after', 'all', 'almost', 'also', 'am', 'among', 'an', 'and', 'any', 'are', 'as',
    'at', 'be', 'because', 'been', 'but', 'by', 'can', 'cannot', 'could', 'dear', 'did', 'do', 'does', 'either',
    'else', 'ever', 'every', 'for', 'from', 'get', 'got', 'had', 'has', 'have', 'he', 'her', 'hers', 'him', 'his',
    'how', 'however', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'just', 'least', 'let', 'like', 'likely', 'may',
    'me', 'might', 'most', 'must', 'my', 'neither', 'no', 'nor', 'not', 'of', 'off', 'often', 'on', 'only', 'or',
    'other', 'our', 'own', 'rather', 'said', 'say', 'says', 'she', 'should', 'since', 'so', 'some', 'than', 'that',
    'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'tis', 'to', 'too', 'twas', 'us', 'wants',
    'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would',
    'yet', 'you', 'your'
  ]);

  // Korean particles and verb endings, stripped longest first, at most one per word (see analysis.py for why
  // these and not others). Same groups as KOREAN_SUFFIX_GROUPS there.
  var KOREAN_SUFFIX_GROUPS = [
    // particles (조사)
    '은 는 이 가 을 를 의 에 로 와 과 도 만 나 랑 에서 으로 까지 부터 에게 보다 처럼 이나 이랑',
    '마다 대로 라는 이라 이라는',
    '에는 에도 에만 로는 로도 로서 와는 과는 와의 과의 만을 만의 만이 까지는 에게는 에게서',
    '에서는 에서도 에서만 에서의 으로는 으로도 으로서',
    '들 들이 들은 들을 들의 들에 들로 들도 들과 들만 들에게', // plural + particle
    '이다 이며 이고 인지 인데 입니다 이었다 이지만 이라면 이라고', // copula
    // 하다 verbs
    '한 할 함 해 하다 한다 했다 하는 하고 하여 해서 하면 하기 하지 해야 하게 하며 하자 하려',
    '합니다 했으나 하지만 했지만 하도록 하려면 하려고 하는데 하는게 했습니다 해야한다',
    // 되다 verbs
    '된 될 됨 되다 된다 됐다 되는 되고 되어 되지 되면 되며 되기 되게',
    '됩니다 되었다 되도록 됐습니다 되었습니다',
    '있다 있는 있고 있어 있음 있으며 있습니다 없다 없는 없고 없이 없음 없습니다',
    // other verb endings
    '며 거나 지만 도록 려면 려고 으면 다면 라면 다고 는지 는데 는게 으며 어야 아야 어서 아서 습니다'
  ];
  var KOREAN_SUFFIXES = Array.from(new Set(KOREAN_SUFFIX_GROUPS.join(' ').split(' '))).sort(function (a, b) {
    return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
  });
  var MIN_KOREAN_STEM = 2;

  // lunr.js 2.3.9's lunr.stemmer, copied as it is (tables, regular expressions, steps).
  var step2list = {
    ational: 'ate', tional: 'tion', enci: 'ence', anci: 'ance', izer: 'ize', bli: 'ble', alli: 'al', entli: 'ent',
    eli: 'e', ousli: 'ous', ization: 'ize', ation: 'ate', ator: 'ate', alism: 'al', iveness: 'ive', fulness: 'ful',
    ousness: 'ous', aliti: 'al', iviti: 'ive', biliti: 'ble', logi: 'log'
  };
  var step3list = {icate: 'ic', ative: '', alize: 'al', iciti: 'ic', ical: 'ic', ful: '', ness: ''};
  var c = '[^aeiou]'; // consonant
  var v = '[aeiouy]'; // vowel
  var C = c + '[^aeiouy]*'; // consonant sequence
  var V = v + '[aeiou]*'; // vowel sequence
  var re_mgr0 = new RegExp('^(' + C + ')?' + V + C); // [C]VC... is m>0
  var re_meq1 = new RegExp('^(' + C + ')?' + V + C + '(' + V + ')?$'); // [C]VC[V] is m=1
  var re_mgr1 = new RegExp('^(' + C + ')?' + V + C + V + C); // [C]VCVC... is m>1
  var re_s_v = new RegExp('^(' + C + ')?' + v); // vowel in stem
  var re_1a = /^(.+?)(ss|i)es$/;
  var re2_1a = /^(.+?)([^s])s$/;
  var re_1b = /^(.+?)eed$/;
  var re2_1b = /^(.+?)(ed|ing)$/;
  var re_1b_2 = /.$/;
  var re2_1b_2 = /(at|bl|iz)$/;
  var re3_1b_2 = new RegExp('([^aeiouylsz])\\1$');
  var re4_1b_2 = new RegExp('^' + C + v + '[^aeiouwxy]$');
  var re_1c = /^(.+?[^aeiou])y$/;
  var re_2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
  var re_3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
  var re_4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var re2_4 = /^(.+?)(s|t)(ion)$/;
  var re_5 = /^(.+?)e$/;
  var re_5_1 = /ll$/;
  var re3_5 = new RegExp('^' + C + v + '[^aeiouwxy]$');

  /** lunr.js 2.3.9's Porter stemmer for one lowercase word (lunr.stemmer without the lunr.Token wrapper). */
  function porterStemmer(w) {
    var fp, stem, suffix, firstch;
    if (w.length < 3) { return w; }
    firstch = w.substr(0, 1);
    if (firstch == 'y') { w = firstch.toUpperCase() + w.substr(1); }

    // Step 1a
    if (re_1a.test(w)) { w = w.replace(re_1a, '$1$2'); }
    else if (re2_1a.test(w)) { w = w.replace(re2_1a, '$1$2'); }

    // Step 1b
    if (re_1b.test(w)) {
      fp = re_1b.exec(w);
      if (re_mgr0.test(fp[1])) { w = w.replace(re_1b_2, ''); }
    } else if (re2_1b.test(w)) {
      fp = re2_1b.exec(w);
      stem = fp[1];
      if (re_s_v.test(stem)) {
        w = stem;
        if (re2_1b_2.test(w)) { w = w + 'e'; }
        else if (re3_1b_2.test(w)) { w = w.replace(re_1b_2, ''); }
        else if (re4_1b_2.test(w)) { w = w + 'e'; }
      }
    }

    // Step 1c: a final y becomes i only after a consonant that is not the first letter (gateway stays)
    if (re_1c.test(w)) {
      fp = re_1c.exec(w);
      w = fp[1] + 'i';
    }

    // Step 2
    if (re_2.test(w)) {
      fp = re_2.exec(w);
      stem = fp[1];
      suffix = fp[2];
      if (re_mgr0.test(stem)) { w = stem + step2list[suffix]; }
    }

    // Step 3
    if (re_3.test(w)) {
      fp = re_3.exec(w);
      stem = fp[1];
      suffix = fp[2];
      if (re_mgr0.test(stem)) { w = stem + step3list[suffix]; }
    }

    // Step 4
    if (re_4.test(w)) {
      fp = re_4.exec(w);
      stem = fp[1];
      if (re_mgr1.test(stem)) { w = stem; }
    } else if (re2_4.test(w)) {
      fp = re2_4.exec(w);
      stem = fp[1] + fp[2];
      if (re_mgr1.test(stem)) { w = stem; }
    }

    // Step 5
    if (re_5.test(w)) {
      fp = re_5.exec(w);
      stem = fp[1];
      if (re_mgr1.test(stem) || (re_meq1.test(stem) && !re3_5.test(stem))) { w = stem; }
    }
    if (re_5_1.test(w) && re_mgr1.test(w)) { w = w.replace(re_1b_2, ''); }

    if (firstch == 'y') { w = firstch.toLowerCase() + w.substr(1); }
    return w;
  }

  /** A Korean word without one particle or ending it ends with (twin: _korean_stem). */
  function koreanStem(word) {
    for (var i = 0; i < KOREAN_SUFFIXES.length; i++) {
      var suffix = KOREAN_SUFFIXES[i];
      if (word.length - suffix.length >= MIN_KOREAN_STEM && word.endsWith(suffix)) {
        return word.slice(0, word.length - suffix.length);
      }
    }
    return word;
  }

  /** A Korean word's bigrams after stripping one particle or ending (a one-character word is itself). */
  function koreanTerms(word) {
    word = koreanStem(word);
    if (word.length === 1) { return [word]; }
    var terms = [];
    for (var j = 0; j + 1 < word.length; j++) { terms.push(word.slice(j, j + 2)); }
    return terms;
  }

  /* Whether a word analyse found is Hangul (its two kinds of word never share a script: Latin ends at U+024F). */
  function isHangulWord(word) {
    return word.charCodeAt(0) >= 0x1100;
  }

  /** Every search term of `text`, in order, with the span of the word it came from: [{term, start, end}]. */
  function analyse(text) {
    var tokens = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var word = match[0];
      var start = match.index;
      var end = start + word.length;
      if (isHangulWord(word)) {
        var terms = koreanTerms(word);
        for (var k = 0; k < terms.length; k++) { tokens.push({term: terms[k], start: start, end: end}); }
        continue;
      }
      var lower = word.toLowerCase();
      if (STOP_WORDS.has(lower)) { continue; }
      tokens.push({term: englishTerm(lower), start: start, end: end});
    }
    var joined = [];
    QUANTITY.lastIndex = 0;
    while ((match = QUANTITY.exec(text)) !== null) {
      joined.push({term: match[1] + englishTerm(match[2].toLowerCase()), start: match.index, end: match.index + match[0].length});
    }
    if (!joined.length) return tokens;
    return tokens.concat(joined).sort(function (a, b) { return a.start - b.start || a.end - b.end; });  // stable
  }

  /** A lowercase Latin word's term: its stem; as it is if it has a digit or ends in "ful" (twin: english_term). */
  function englishTerm(lower) {
    return DIGIT.test(lower) || /ful$/.test(lower) ? lower : porterStemmer(lower);
  }

  root.nkbAnalysis = Object.freeze({
    analyse: analyse,
    isHangulWord: isHangulWord,
    koreanStem: koreanStem,
    stem: porterStemmer,
    englishTerm: englishTerm,
    STOP_WORDS: STOP_WORDS,
    KOREAN_SUFFIXES: Object.freeze(KOREAN_SUFFIXES)
  });
})(typeof self !== 'undefined' ? self : this);

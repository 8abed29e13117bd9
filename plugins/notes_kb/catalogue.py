"""The service catalogue (one page per AWS service or concept area) and finding where notes name a service.

The catalogue is data (`catalogue.yml`, shipped with the package) so that adding an alias never needs code. Matching
is one compiled regular expression per use (headings, running text), never a loop over aliases: it also drives
automatic links later, so it has to be precise and fast.

Known limit: code spans and fenced code are not excluded here; callers that link text must skip them themselves.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from .acronyms import initials_match, is_acronym, singular_word
from .textcache import text_cache

KINDS = ("service", "area", "general")
FIELDS = (
    "slug",
    "title",
    "short",
    "category",
    "kind",
    "aliases",
    "subtopics",
    "weak",
    "unlinked",
    "headings",
    "exact_case",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
"""A Hangul syllable or letter."""
_HEADING_NOISE = re.compile(r"[▼□■◆●*_`#]+")


class CatalogueError(ValueError):
    """The catalogue file is malformed: the message names the file and the entry."""


@dataclass(frozen=True)
class Service:
    """One page of the knowledge base."""

    slug: str
    title: str
    short: str
    category: str
    kind: str
    aliases: tuple[str, ...]
    subtopics: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    unlinked: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()

    def names_itself(self, alias: str) -> bool:
        """Whether `alias` names the service itself ("Amazon VPC", "Elastic-Cloud-Compute-EC2") rather than a part
        of it ("NAT Gateway", "EC2 Instance Store"): every word of it is in the short name or the title, or its
        words written as one are one of those words or the short name split, joined or misspelled ("Dynamo DB",
        "Elastic Cache", "Route53"), or it ends in the short name's last word (in the singular) after only such
        words and the service's one-word names ("AWS Directory Services", "AWS Snowball Family"; "File Gateway"
        names a part of Storage Gateway).
        """
        words = _NAME_WORD.findall(alias.casefold())
        if set(words) <= self._own_words:
            return True
        head = _NAME_WORD.findall(self.short.casefold())[-1:]
        if words and head and singular_word(words[-1]) == head[0] and set(words[:-1]) <= self._one_word_names:
            return True
        joined = "".join(words)
        respelled = self._own_words | {"".join(_NAME_WORD.findall(self.short.casefold()))}  # "Route53"
        return any(len(own) >= MIN_RESPELLED and OSA.distance(joined, own) <= 1 for own in respelled)

    def misspells(self, text: str) -> bool:
        """Whether `text` names the service split or misspelled ("Cloud HSM Use Cases"): a title that spells it as
        the catalogue does is the better name for a topic both headings share.
        """
        return any(self._misspelt(match) for match in self._own_names.finditer(text))

    def respelled(self, text: str) -> str:
        """`text` with the service's name, where it is split or misspelled, written as the catalogue's short name:
        "Dynamo DB Backups" → "DynamoDB Backups", "Patterns for Elastic Cache" → "Patterns for ElastiCache".
        """
        return self._own_names.sub(lambda m: self.short if self.short and self._misspelt(m) else m.group(), text)

    def _misspelt(self, name: re.Match[str]) -> bool:
        """Whether a mention of the service (`_own_names`) writes a word its names do not."""
        return not set(_NAME_WORD.findall(name.group().casefold())) <= self._own_words

    def without_own_name(self, text: str) -> str:
        """`text` with the names of the service itself blanked out: "EC2 Instance Store" → " Instance Store"."""
        return self._own_names.sub(" ", text)

    @functools.cached_property
    def _one_word_names(self) -> frozenset[str]:
        """The own words and the one-word aliases ("Snowball" for the Snow Family)."""
        return self._own_words | {alias.casefold() for alias in self.aliases if _NAME_WORD.fullmatch(alias)}

    @functools.cached_property
    def _own_words(self) -> frozenset[str]:
        """The words of the short name and the title, less a bracket that lists the service's parts: "CloudWatch
        Logs" and "Kinesis Data Streams" are parts of CloudWatch and Kinesis, though their titles list them
        ("Amazon CloudWatch (metrics, logs, alarms, agent, insights)").
        """
        names = f"{self.short} {display_title(self.title)}"
        own = [_PARTS_LISTED.sub(" ", names)]
        for listed in _PARTS_LISTED.findall(names):  # "(Auto Scaling groups, ASG; ...)": the name and its acronym
            items = [item.strip() for item in re.split(r"[,/;:]", listed.strip("()"))]
            own += [
                item for item in items if any(_spelled_by(other, item) or _spelled_by(item, other) for other in items)
            ]
        return frozenset(_NAME_WORD.findall(" ".join(own).casefold()))

    @functools.cached_property
    def _own_names(self) -> re.Pattern[str]:
        names = sorted({self.short, *(a for a in self.aliases if self.names_itself(a))}, key=lambda n: (-len(n), n))
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


_NAME_WORD = re.compile(r"\w+")


def _spelled_by(acronym: str, name: str) -> bool:
    """Whether `acronym` is an acronym that the words of `name` spell ("ASG", "Auto Scaling groups")."""
    return is_acronym(acronym) and len(name.split()) > 1 and initials_match(acronym, name.split())


_PARTS_LISTED = re.compile(r"\([^()]*[,/;:][^()]*\)")
"""A bracket in a title that lists parts or kinds ("(Redis / Memcached)", "(ELB: ALB / NLB / GWLB / CLB)")."""
MIN_RESPELLED = 5
"""An own word shorter than this is never matched one letter off: a short name is one edit from too many others."""


def display_title(title: str) -> str:
    """A catalogue title without its scope notes: "Amazon S3 (incl. Glacier…)" → "Amazon S3"; the first
    parenthesis (usually the acronym) stays, later ones and `incl.` notes go.
    """
    title = re.sub(r"\s*\((?:incl\.|e\.g\.|formerly|successor)[^)]*\)", "", title)
    first = title.find(")")
    return title[: first + 1] if first != -1 else title


@dataclass(frozen=True)
class Mention:
    """`text[start:end]` names `slug` through `alias` (the catalogue's spelling)."""

    slug: str
    start: int
    end: int
    alias: str
    subtopic: bool = False
    weak: bool = False
    unlinked: bool = False
    """A feature several services share ("Read Replicas"): it tells what a passage is about, but as a link it would
    send a reader from Aurora's or Neptune's replicas to RDS's."""


@dataclass(frozen=True)
class _Alias:
    name: str
    slug: str
    case_sensitive: bool
    subtopic: bool
    weak: bool
    unlinked: bool = False


def _case_sensitive(alias: str, exact: bool) -> bool:
    """Short names and acronyms are case-sensitive ("IAM", not "iam"; "SG", not "sg"); ordinary names are not."""
    return exact or len(alias) <= 4 or not any(ch.islower() for ch in alias)


_WORD_RUNS = r"[^\W\uac00-\ud7a3\u3131-\u318e]+|[\uac00-\ud7a3\u3131-\u318e]+"
_TOKEN = re.compile(rf"{_WORD_RUNS}|[^\s\w\-–]")
_WORD_TOKEN = re.compile(_WORD_RUNS)
"""The word tokens of `_TOKEN` (the same runs, at the same places), without its one-character punctuation tokens."""
_TERMINAL = ""
MENTION_CACHE_LIMIT = 200_000
"""Texts whose mentions are remembered at most (about one ×10 corpus's passages and lines), the least recent let go."""


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens (Latin/digit runs, Hangul runs, single punctuation): spaces and hyphens only separate them."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_hangul(token: str) -> bool:
    return bool(HANGUL.match(token))


@text_cache(MENTION_CACHE_LIMIT, across_stages=True)
def _found_in(matcher: _Matcher, text: str) -> tuple[Mention, ...]:
    """The mentions of `text`, remembered in a registered text cache rather than on the catalogue. Why: the catalogue
    lives as long as the process (`load_catalogue`), and its own cache held up to 200 000 texts and their mentions
    through rendering (×50 corpus: the build process kept 762 MiB after its pipeline; 410 once `textcache.forget_all`
    lets them go). Kept from stage to stage, as they were on the catalogue: merge asks again for what classify found in
    the same passages (×10, alternating runs: merge 12.4 and 12.7 s with them emptied after each stage, 11.7 and 11.9
    kept, 11.7 to 12.6 before either change).
    """
    return tuple(matcher.find(text))


class _Matcher:
    """A token trie over all aliases (Aho-Corasick style): one pass over the text, longest alias wins.

    Matching is per token, so an alias never matches inside a longer word ("EC2" not in "MyEC2"); a plural "s"/"es"
    may follow the last word, and a Korean alias may carry a particle ("보안 그룹은").
    """

    def __init__(self, aliases: list[_Alias]) -> None:
        self._root: dict[str, Any] = {}
        for alias in aliases:
            words = [word for _, _, word in tokens(alias.name)]
            node = self._root
            for word in words:
                node = node.setdefault(word.casefold(), {})
            node.setdefault(_TERMINAL, []).append((alias, tuple(words)))
        firsts = [w for w in self._root if w]
        self._starts = frozenset(firsts + [w + "s" for w in firsts] + [w + "es" for w in firsts])
        self._hangul_initials = frozenset(w[0] for w in firsts if _is_hangul(w))
        self._scan = _WORD_TOKEN if all(_WORD_TOKEN.fullmatch(w) for w in firsts) else _TOKEN
        """What `find` walks for an alias's first word: the word tokens only, unless an alias starts with punctuation.
        Why: autolink reads masked lines, where every masked character (a link, a tag) is a punctuation token, and
        walking them was most of autolink's time (×10: 20 million tokens)."""

    def find(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        starts, initials = self._starts, self._hangul_initials
        resume = 0
        for match in self._scan.finditer(text):
            word = match.group()
            if match.start() < resume or (word.casefold() not in starts and word[0] not in initials):
                continue
            found = self._longest(text, match)
            if found is not None:
                alias, end = found
                out.append(
                    Mention(alias.slug, match.start(), end, alias.name, alias.subtopic, alias.weak, alias.unlinked)
                )
                resume = end
        return out

    def find_at(self, text: str, start: int) -> Mention | None:
        """The mention whose first word is the token at `start`, if an alias starts there (as `find` would see it)."""
        match = _TOKEN.match(text, start)
        if match is None:
            return None
        word = match.group()
        if word.casefold() not in self._starts and word[0] not in self._hangul_initials:
            return None
        found = self._longest(text, match)
        if found is None:
            return None
        alias, end = found
        return Mention(alias.slug, start, end, alias.name, alias.subtopic, alias.weak, alias.unlinked)

    def _longest(self, text: str, first: re.Match[str]) -> tuple[_Alias, int] | None:
        """The longest alias starting at token `first`, with the offset where it ends."""
        best: tuple[_Alias, int] | None = None
        node = self._root
        seen: list[str] = []
        match: re.Match[str] | None = first
        while match is not None:
            word = match.group()
            seen.append(word)
            for cut, terminal in self._endings(node, word):
                alias = self._accept(terminal, seen, cut)
                if alias is not None:
                    best = (alias, match.end() - cut)
            child = node.get(word.casefold())
            if child is None:
                break
            node = child
            match = _TOKEN.search(text, match.end())
        return best

    @staticmethod
    def _endings(node: dict[str, Any], word: str) -> list[tuple[int, list[tuple[_Alias, tuple[str, ...]]]]]:
        """Ways the alias can end at `word`: exactly, with a plural ending, or (Korean) with a particle; cut = chars
        of `word` left over after the alias.
        """
        out = []
        folded = word.casefold()
        exact = node.get(folded, {}).get(_TERMINAL)
        if exact:
            out.append((0, exact))
        if _is_hangul(word):
            for k in range(len(word) - 1, 0, -1):
                terminal = node.get(word[:k], {}).get(_TERMINAL)
                if terminal:
                    out.append((len(word) - k, terminal))
                    break
        else:
            for suffix in ("s", "es"):
                if folded.endswith(suffix) and len(folded) > len(suffix):
                    terminal = node.get(folded[: -len(suffix)], {}).get(_TERMINAL)
                    if terminal:
                        out.append((0, terminal))
        return out[:1] if exact else out

    @staticmethod
    def _accept(terminal: list[tuple[_Alias, tuple[str, ...]]], seen: list[str], cut: int) -> _Alias | None:
        """The first alias ending here whose case rule the text satisfies."""
        for alias, words in terminal:
            if not alias.case_sensitive:
                return alias
            if seen[:-1] == list(words[:-1]) and seen[-1].startswith(words[-1]):
                return alias
        return None


class Catalogue:
    """All pages, by slug, with alias matching for headings and for running text."""

    def __init__(self, services: tuple[Service, ...], exact_case: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.services = services
        self._by_slug = {s.slug: s for s in services}
        strong: list[_Alias] = []
        weak: list[_Alias] = []
        for service in services:
            subtopics, unlinked = set(service.subtopics), set(service.unlinked)
            for name in service.aliases:
                sensitive = _case_sensitive(name, (service.slug, name) in exact_case)
                strong.append(_Alias(name, service.slug, sensitive, name in subtopics, False, name in unlinked))
            for name in service.weak:
                sensitive = _case_sensitive(name, (service.slug, name) in exact_case)
                weak.append(_Alias(name, service.slug, sensitive, False, True))
        self._text = _Matcher(strong)
        self._heading = _Matcher(strong + weak)
        self._whole_headings = {_normal_heading(h): s.slug for s in services for h in s.headings if not h.endswith(":")}
        self._heading_prefixes = tuple(
            (_normal_heading(h), s.slug) for s in services for h in s.headings if h.endswith(":")
        )

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self._by_slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def get(self, slug: str) -> Service:
        return self._by_slug[slug]

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Services named in running text (weak, ambiguous names excluded), in order, longest alias first.

        Remembered per text (`_found_in`): the same passage is scanned by several stages, and again by every rebuild
        under serve.
        """
        return _found_in(self._text, text)

    def mention_at(self, text: str, start: int) -> Mention | None:
        """The service named by the words starting at `start` of running text, if any (see `mentions`)."""
        return self._text.find_at(text, start)

    def heading_mentions(self, title: str) -> list[Mention]:
        """Services named in a heading: weak names count here (flagged), as a heading is short and deliberate."""
        return self._heading.find(clean_heading(title))

    def heading_slug(self, title: str) -> str | None:
        """The page a whole heading stands for ("Other", "Translate: …"), if the catalogue lists it."""
        normal = _normal_heading(title)
        if normal in self._whole_headings:
            return self._whole_headings[normal]
        for prefix, slug in self._heading_prefixes:
            if normal.startswith(prefix):
                return slug
        return None


def clean_heading(title: str) -> str:
    """A heading without decoration glyphs and markup (▼, □, **) that would hide names from matching."""
    return _HEADING_NOISE.sub(" ", title).strip()


def _normal_heading(title: str) -> str:
    text = re.sub(r"^\s*(?:\d+\.)+(?:\(\d+/\d+\))?\s*", "", clean_heading(title))
    return " ".join(text.split()).casefold()


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _service(entry: Any, where: str) -> Service:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: each entry must be a mapping")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise CatalogueError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    for key in ("slug", "title", "short", "category", "kind"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CatalogueError(f"{where}: '{key}' is required and must be a non-empty string")
    slug = entry["slug"]
    if not _SLUG.match(slug):
        raise CatalogueError(f"{where}: slug {slug!r} must be lower-case words joined by hyphens")
    if entry["kind"] not in KINDS:
        raise CatalogueError(f"{where}: kind {entry['kind']!r} must be one of {', '.join(KINDS)}")
    aliases = _strings(entry, "aliases", where)
    subtopics = _strings(entry, "subtopics", where)
    unlinked = _strings(entry, "unlinked", where)
    for field, names in (("subtopics", subtopics), ("unlinked", unlinked)):
        stray = [s for s in names if s not in aliases]
        if stray:
            raise CatalogueError(f"{where}: {field} must also be aliases: {', '.join(stray)}")
    return Service(
        slug=slug,
        title=entry["title"].strip(),
        short=entry["short"].strip(),
        category=entry["category"].strip(),
        kind=entry["kind"],
        aliases=aliases,
        subtopics=subtopics,
        weak=_strings(entry, "weak", where),
        unlinked=unlinked,
        headings=_strings(entry, "headings", where),
    )


def parse_catalogue(data: Any, where: str) -> Catalogue:
    """Validate catalogue data: unique slugs, a `general` page, and no alias claimed by two pages."""
    if not isinstance(data, list) or not data:
        raise CatalogueError(f"{where}: must be a non-empty YAML list of entries")
    services: list[Service] = []
    exact: set[tuple[str, str]] = set()
    owner: dict[str, str] = {}
    for number, entry in enumerate(data, 1):
        label = f"{where}: entry {number}"
        if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
            label = f"{where}: entry {entry['slug']!r}"
        service = _service(entry, label)
        if service.slug in {s.slug for s in services}:
            raise CatalogueError(f"{label}: duplicate slug")
        for name in service.aliases + service.weak:
            key = " ".join(word.casefold() for _, _, word in tokens(name))
            if key in owner and owner[key] != service.slug:
                raise CatalogueError(f"{label}: alias {name!r} is already an alias of {owner[key]!r}")
            owner[key] = service.slug
        exact_case = _strings(entry, "exact_case", label)
        stray = [a for a in exact_case if a not in service.aliases + service.weak]
        if stray:
            raise CatalogueError(f"{label}: exact_case names unknown alias(es): {', '.join(stray)}")
        exact.update((service.slug, a) for a in exact_case)
        services.append(service)
    if not any(s.slug == "general" and s.kind == "general" for s in services):
        raise CatalogueError(f"{where}: needs a 'general' entry of kind general (the catch-all page)")
    return Catalogue(tuple(services), frozenset(exact))


@functools.cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """The packaged catalogue, or the one at `path`; a malformed file raises `CatalogueError` naming it. Cached: the
    catalogue is immutable.
    """
    if path is None:
        text = resources.files("notes_kb").joinpath("catalogue.yml").read_text(encoding="utf-8")
        where = "notes_kb/catalogue.yml"
    else:
        text = path.read_text(encoding="utf-8")
        where = str(path)
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        raise CatalogueError(f"{where}: invalid YAML: {err}") from None
    return parse_catalogue(data, where)

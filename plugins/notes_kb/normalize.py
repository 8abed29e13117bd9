"""Text normalisation and key-fact signatures for deduplication.

Reworded duplicates share their *content words* once case, markup, punctuation, inflection, stop words and the
different names of one thing are folded away; different facts that look alike differ in their *signature*: numbers
with units, comparisons ("up to", "less than"), negation, opposite pairs (stateful/stateless) and named things.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, cached_property

import snowballstemmer

from .textcache import text_cache

_STEMMER = snowballstemmer.stemmer("english")

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_HTML = re.compile(r"</?[a-zA-Z][^<>]*>")
_MARKUP = re.compile(r"[*_`|\\]+|~~|^\s*#+|^(?:\s*>)+|(?<=[-=])>", re.MULTILINE)
"""Emphasis, code and table marks, escapes, strikethrough's "~~", a heading's "#" and a quote's ">" at a line's start
and an arrow's head ("->", "=>"). A ">" between words is a comparison ("CPU > 70%") and stays; so do a lone "~", an
"about" ("~60 seconds latency": an "also in" tooltip without it made an estimate exact), and a "#" in a line, a
number ("The # of days can be configured", which a tooltip read "The of days")."""
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|\d+(?:\.\d+)?|[\uac00-\ud7a3]+")

# Words that carry no fact of their own. Negations, quantities and comparisons are deliberately absent.
STOP_WORDS = frozenset(
    str.split(
        """a an the and or of to in on at for from by with as is are was were be been being it its this that these those
    we our us you your they their them he she his her i my me which who whom what when where how there here so such
    into onto over also just very then than too can could may might will would should shall do does did done have has
    had having get gets got using use used uses e g eg etc ie via per vs like if whether about within across s
    typically usually generally always often lets let let's helps help make makes aws amazon up note important
    essential crucial critical remember chatgpt example examples ex"""
    )
)
# Kept out of STOP_WORDS on purpose: they decide the meaning of a limit or a rule.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "none", "nor", "neither", "non"})

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20",
    "single": "1", "once": "1", "twice": "2", "thrice": "3", "hundred": "100", "thousand": "1000",
}  # fmt: skip

# Residual PDF damage (the lost "th" ligature) in words that are never real words.
_PDF_DAMAGE = {
    "pe": "the", "pat": "that", "pan": "than", "oper": "other", "pem": "them", "pree": "three", "wip": "with",
    "bop": "both", "pis": "this", "pese": "these", "pey": "they", "peir": "their", "pere": "there", "pough": "though",
}  # fmt: skip

# Different names of one thing → one token (longest phrases first). From the catalogue's aliases and the notes.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("application load balancer", "alb"), ("app load balancer", "alb"), ("network load balancer", "nlb"),
    ("gateway load balancer", "gwlb"), ("classic load balancer", "clb"), ("elastic load balancer", "elb"),
    ("elastic load balancing", "elb"), ("load balancer", "elb"), ("auto scaling group", "asg"),
    ("internet gateway", "igw"), ("nat gateway", "natgw"), ("virtual private gateway", "vgw"),
    ("customer gateway", "cgw"), ("direct connect gateway", "dxgw"), ("dx gateway", "dxgw"),
    ("direct connect", "dx"), ("transit gateway", "tgw"), ("egress-only internet gateway", "eigw"),
    ("security groups", "sg"), ("security group", "sg"), ("network access control list", "nacl"),
    ("network acls", "nacl"), ("network acl", "nacl"), ("availability zones", "az"), ("availability zone", "az"),
    ("customer master key", "kmskey"), ("customer master keys", "kmskey"), ("kms keys", "kmskey"),
    ("kms key", "kmskey"), ("cmks", "kmskey"), ("cmk", "kmskey"), ("key management service", "kms"),
    ("data encryption keys", "dek"), ("data encryption key", "dek"), ("data keys", "dek"), ("data key", "dek"),
    ("key material", "keymaterial"),
    ("multi-factor authentication", "mfa"), ("multi factor authentication", "mfa"), ("elastic ip addresses", "eip"),
    ("elastic ip address", "eip"), ("elastic ips", "eip"), ("elastic ip", "eip"), ("elastic network interface", "eni"),
    ("time to live", "ttl"), ("route 53", "route53"), ("simple storage service", "s3"), ("elastic block store", "ebs"),
    ("elastic file system", "efs"), ("elastic compute cloud", "ec2"), ("amazon machine image", "ami"),
    ("relational database service", "rds"), ("virtual private cloud", "vpc"), ("secrets manager", "secretsmanager"),
    ("parameter store", "ssm"), ("systems manager", "ssm"), ("security token service", "sts"),
    ("identity and access management", "iam"), ("cloudwatch logs", "cloudwatchlogs"), ("data center", "datacenter"),
    ("on-premises", "onprem"), ("on premises", "onprem"), ("on-premise", "onprem"), ("read-only", "readonly"),
    ("point in time", "pointintime"), ("point-in-time", "pointintime"), ("multi-az", "multiaz"),
    ("multi az", "multiaz"), ("multi-attach", "multiattach"), ("multi attach", "multiattach"),
    ("cross-region", "crossregion"), ("cross region", "crossregion"),
    ("cross-az", "crossaz"), ("cross az", "crossaz"), ("zone apex", "zoneapex"),
    ("top node of a dns namespace", "zoneapex"), ("top node of dns namespace", "zoneapex"),
    ("multi-part", "multipart"), ("multi part", "multipart"), ("re-encrypt", "reencrypt"),
    ("least privilege", "leastprivileg"), ("non-overlapping", "not overlapping"), ("un-encrypted", "unencrypted"),
    ("server name indication", "sni"), ("internet-facing", "public"), ("internet facing", "public"),
    ("single-az", "singleaz"), ("single az", "singleaz"), ("data lifecycle manager", "dlm"),
    ("kinesis data streams", "kds"), ("kinesis streams", "kds"), ("kinesis data firehose", "firehose"),
    ("kinesis firehose", "firehose"), ("kinesis data analytics", "kda"), ("set up", "set"),
    ("scale-in", "scalein"), ("scale in", "scalein"), ("scale-out", "scaleout"), ("scale out", "scaleout"),
    ("at most", "max"), ("in addition to", "besides"), ("as well as", "besides"), ("rather than", "instead"),
    ("instead of", "instead"),
    # Names of one feature or service in two words: the second word alone ("manager", "lock") names nothing.
    ("firewall manager", "firewallmanager"), ("network firewall", "networkfirewall"), ("object lock", "objectlock"),
    ("vault lock", "vaultlock"), ("glacier instant retrieval", "glacierir"),
    ("glacier flexible retrieval", "glacierfr"), ("glacier deep archive", "deeparchive"),
    ("deep archive", "deeparchive"), ("site-to-site vpn", "s2svpn"), ("site to site vpn", "s2svpn"),
    ("interface endpoints", "interfaceendpoint"), ("interface endpoint", "interfaceendpoint"),
    ("gateway endpoints", "gatewayendpoint"), ("gateway endpoint", "gatewayendpoint"),
    ("cloudfront functions", "cloudfrontfunction"), ("cloudfront function", "cloudfrontfunction"),
    ("lambda@edge", "lambdaedge"), ("lambda @ edge", "lambdaedge"), ("resource-based", "resourcebased"),
    ("resource based", "resourcebased"), ("identity-based", "identitybased"), ("identity based", "identitybased"),

)  # fmt: skip

# Single words with one meaning in these notes (after stemming).
_WORD_SYNONYMS = {
    "remov": "delet", "unnecessari": "unus", "old": "unus", "synchron": "sync", "asynchron": "async",
    "db": "databas", "dbs": "databas", "abl": "can", "possibl": "can", "requir": "must", "need": "must",
    "maximum": "max", "minimum": "min", "largest": "max",
    "ipv4": "ip", "address": "ip", "mins": "minut", "sec": "second", "secs": "second",
    "hr": "hour", "hrs": "hour", "gbp": "gbps", "gpbs": "gbps",
    # Common paraphrases in AWS notes: general pairs, each seen across several notebooks.
    "key": "credenti", "remap": "move", "nest": "contain", "preserv": "save", "retain": "save", "lost": "lose",
    "loss": "lose", "setup": "set", "belong": "member", "reduc": "decreas", "minim": "decreas", "distinct": "differ",
    "quick": "fast", "permit": "allow", "purg": "delet", "larger": "more", "greater": "more", "bigger": "more",
    "higher": "more", "smaller": "less", "fewer": "less", "lower": "less",
}  # fmt: skip

# Pairs of words that state opposite facts: a passage with one and a passage with the other never merge.
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("stateful", "stateless"), ("sync", "async"), ("public", "privat"), ("encrypt", "unencrypted"),
    ("allow", "deni"), ("inbound", "outbound"), ("ingress", "egress"), ("max", "min"), ("more", "less"),
    ("increas", "decreas"), ("enabl", "disabl"), ("regional", "global"),
    ("read", "write"), ("free", "charg"), ("persist", "ephemer"), ("dedic", "host"), ("first", "last"),
    ("standard", "advanc"), ("hot", "cold"), ("sourc", "target"), ("automat", "manual"),
    ("scalein", "scaleout"), ("besid", "instead"),
)  # fmt: skip

NAMED = frozenset(
    str.split(
        """alb nlb gwlb clb elb asg igw natgw vgw cgw dxgw dx tgw eigw sg nacl az kmskey kms mfa eip eni ttl s3 ebs efs
    ec2 ami rds vpc secretsmanag ssm sts iam cloudwatchlog cloudwatch cloudtrail lambda dynamodb aurora redshift sqs
    sns kinesi cloudfront route53 glacier fsx athena glue emr ecs eks ecr fargat gp2 gp3 io1 io2 st1 sc1 redi memcach
    mysql postgr oracl snowbal datasync macie guardduti inspector shield waf cognito organ scp rcu wcu
    firewallmanag networkfirewal objectlock vaultlock glacierir glacierfr deeparch s2svpn cloudhub interfaceendpoint
    gatewayendpoint cloudfrontfunct lambdaedg"""
    )
)
"""Tokens that name a service, a feature or a volume type: two passages naming different ones say different things."""
GENERIC_NAMES = frozenset({"aws", "amazon"})
"""Names on nearly every passage: sharing them does not make two clauses about one thing."""

_UNITS = {
    "b": "b", "byte": "b", "bytes": "b", "kb": "kb", "kib": "kb", "mb": "mb", "mib": "mb", "gb": "gb", "gib": "gb",
    "tb": "tb", "tib": "tb", "pb": "pb", "gbps": "gbps", "gpbs": "gbps", "mbps": "mbps", "ms": "ms",
    "millisecond": "ms", "milliseconds": "ms", "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min", "hour": "h", "hours": "h", "h": "h", "day": "d",
    "days": "d", "month": "month", "months": "month", "year": "y", "years": "y", "iops": "iops", "x": "x", "%": "%",
    "rcu": "rcu", "wcu": "wcu", "vcpu": "vcpu", "vcpus": "vcpu",
}  # fmt: skip
_QUANTITY = re.compile(
    r"(?<![\w.])(/?)(\d+(?:\.\d+)?)(?:-(?=[a-z])|\s*)(%|[a-z]+)?",
)
_COMPARATORS = (
    ("up to", "<="), ("upto", "<="), ("at most", "<="), ("max", "<="), ("maximum", "<="), ("no more than", "<="),
    ("less than", "<"), ("under", "<"), ("below", "<"), ("<", "<"), ("within", "<="), ("at least", ">="),
    ("minimum", ">="), ("min", ">="),
    ("more than", ">"), ("over", ">"), ("above", ">"), ("larger than", ">"), ("greater than", ">"), (">", ">"),
)  # fmt: skip


_PHRASE_TOKEN = dict(_PHRASES)
_PHRASE_RE = re.compile(
    r"(?<![a-z0-9-])("
    + "|".join(re.escape(p) for p in sorted(_PHRASE_TOKEN, key=lambda p: (-len(p), p)))
    + r")s?(?![a-z0-9-])"
)


def strip_markup(text: str) -> str:
    """Plain text of inline Markdown: link text kept, URLs, tags, emphasis and escapes removed."""
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _HTML.sub(" ", text)
    return _MARKUP.sub(" ", text)


# A function word glued to the capitalised word after it by the PDF export ("aVirtual", "yourVPC"); identifiers
# ("enableDnsSupport", "iPhone") do not start with one of these words.
_GLUED = re.compile(r"\b(a|an|the|your|our|their|its|to|of|in|on|for|with|from|into|and)(?=[A-Z])")


_GLUED_UNIT = re.compile(r"(\d\s?(?:[KMGTP]i?B|IOPS|vCPUs?))(?=[a-z]{2,})(?!ps\b)")
"""A unit in capitals glued to the word after it ("80TBstorage"), split; "200MBps" is a rate, one unit."""
_THOUSANDS = re.compile(r"(\d),(\d{3})\b")
_DECIMAL_COMMA = re.compile(r"(\d),(\d{1,2})(?=\s*%)")
"""A European decimal comma in a share: "99,9% availability" is 99.9%, not 99 and 9%."""
_CANNOT = re.compile(r"\bcan ?not\b|\bcan't\b|\bcant\b")
_WONT = re.compile(r"\bwon't\b")
_NT = re.compile(r"(\w)n't\b")
_DONT = re.compile(r"\bdont\b|\bdoesnt\b|\bisnt\b|\barent\b")
_KILO = re.compile(r"(\d)\s*k\b")
_MINUTES = re.compile(r"(\d)(\s*-?)min\b")
""""15 min" is 15 minutes: read as "minimum", it clashed with "up to 15 minutes, the max limit"."""


@text_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case plain text with one spelling for quotes, dashes, numbers and contractions; glued words split."""
    text = _GLUED_UNIT.sub(r"\1 ", _GLUED.sub(r"\1 ", unicodedata.normalize("NFKC", strip_markup(text))))
    text = _ACRONYM_PLURAL.sub(r"\1", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").replace("−", "-")
    text = _THOUSANDS.sub(r"\1\2", _THOUSANDS.sub(r"\1\2", _DECIMAL_COMMA.sub(r"\1.\2", text)))
    text = _CANNOT.sub(" not can ", text)
    text = _WONT.sub(" not will ", text)
    text = _NT.sub(r"\1 not", text)
    text = _DONT.sub(" not ", text)
    text = _KILO.sub(r"\g<1>000", text)
    text = _MINUTES.sub(r"\1\2minute", text)
    text = " ".join(_PDF_DAMAGE.get(word, word) for word in text.split())
    # Twice: a phrase may hold one ("single availability zone" → "single az" → "singleaz").
    return _PHRASE_RE.sub(_phrase_token, _SPACES.sub(" ", _PHRASE_RE.sub(_phrase_token, text)))


_SPACES = re.compile(r" {2,}")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9]+)s\b")
"""An acronym's plural is the acronym: "SGs", "VPCs" and "AMIs" name what "SG", "VPC" and "AMI" name."""


def _phrase_token(match: re.Match[str]) -> str:
    return f" {_PHRASE_TOKEN[match.group(1)]} "


UNIT_WORDS = frozenset(_UNITS)
"""Words that are units ("MB", "GiB"): written like names, they name nothing."""


def unit_of_token(token: str) -> str:
    """The unit a content token names, as quantities write it ("second" → "s", "minut" → "min"), or ""."""
    return _unit_tokens().get(token, "")


@cache
def _unit_tokens() -> dict[str, str]:
    return {token: unit for word, unit in _UNITS.items() for token in tokens(word)}


SCOPE_WORDS = 4
"""Content words a negation reaches, at most, in its clause ("cannot be identified as a principal")."""


_CLAUSE = re.compile(r"[.;:,()\[\]\n!?]|\bbut\b|\binstead\b|\bunlike\b")
_CLAUSE_KEPT = re.compile(f"({_CLAUSE.pattern})")
_LIST_GOES_ON = re.compile(r"\s*(?:or|nor)\b")
"""A clause after a comma that goes on with a negated list: "does not store, manage, or track your data keys"."""


@text_cache(maxsize=65536)
def negated_words(text: str) -> frozenset[str]:
    """Content words that only ever occur right after a negation in the same clause: what the text says is *not*.

    The scope is the rest of the clause, at most four content words ("cannot be identified as a principal").
    """
    inside: set[str] = set()
    outside: set[str] = set()
    negating = False  # whether the list this clause goes on, after a comma, is a negation's
    pieces = _CLAUSE_KEPT.split(fold(text))
    for clause, mark in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        words = _folded_tokens(clause)
        if negating and (_LIST_GOES_ON.match(clause) or len(clause.split()) <= 2):
            words = ("not", *words)  # "does not store, manage, or track your data keys": manage and track too
        scopes, rest = _negation_scopes(words)
        inside.update(word for scope in scopes for word in scope)
        outside.update(rest)
        negating = bool(scopes) and mark == ","
    return frozenset(inside - outside)


def _negation_scopes(words: tuple[str, ...]) -> tuple[list[list[str]], list[str]]:
    """A clause's words split into what each negation reaches (at most SCOPE_WORDS, up to the next negation) and
    the words no negation reaches.
    """
    scopes: list[list[str]] = []
    outside: list[str] = []
    reach = 0
    for word in words:
        if word == "not":
            scopes.append([])
            reach = SCOPE_WORDS
        elif reach > 0:
            scopes[-1].append(word)
            reach -= 1
        else:
            outside.append(word)
    return scopes, outside


@dataclass(frozen=True)
class Clauses:
    """A text's statements by clause: what each negation denies (`denied`, three or more words each) and what the
    clauses without a negation assert (`asserted`).
    """

    denied: tuple[frozenset[str], ...]
    asserted: tuple[frozenset[str], ...]


_CONDITION = re.compile(r"\b(?:if|unless|when|whether|until)\b")


def clauses(text: str) -> Clauses:
    """Split into clauses and read each negation's scope (see `negated_words`), for clause-level contradictions:
    "Object encrypted with SSE-C can also be replicated" / "It cannot replicate objects with SSE-C".
    """
    denied: list[frozenset[str]] = []
    asserted: list[frozenset[str]] = []
    for clause in _asserting_clauses(text):
        words = _folded_tokens(clause)
        if "not" not in words:
            asserted.append(frozenset(words))
            continue
        denied.extend(frozenset(scope) for scope in _negation_scopes(words)[0] if len(scope) >= 3)
    return Clauses(tuple(denied), tuple(asserted))


def stated_facts(text: str) -> tuple[tuple[frozenset[str], Signature], ...]:
    """Every clause's words (numbers and negation aside) with the facts it states (its signature): asked only of
    the few pairs that already clash, so it is kept apart from `clauses`, which every candidate pair may ask.
    """
    return tuple(
        (frozenset(w for w in _folded_tokens(clause) if w != "not" and not w[0].isdigit()), signature(clause))
        for clause in _asserting_clauses(text)
    )


def _asserting_clauses(text: str) -> list[str]:
    """The folded clauses of a text that state something: a condition ("If a message is not processed in time")
    neither asserts nor denies.
    """
    return [c for c in _CLAUSE.split(fold(text)) if _folded_tokens(c) and not _CONDITION.search(c)]


def _number_word(word: str) -> str:
    return _NUMBER_WORDS.get(word, word)


# Words the stemmer would blur into another word ("stateful" → "state").
_UNSTEMMED = frozenset({"stateful", "stateless", "sync", "async", "readonly", "unencrypted", "leastprivileg"})


@text_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of an English word, folded through the synonym table; numbers and Hangul stay as they are."""
    if not word[0].isascii() or word[0].isdigit() or word in _UNSTEMMED:
        return word
    stemmed: str = _STEMMER.stemWord(word)
    return _WORD_SYNONYMS.get(stemmed, stemmed)


@text_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Content tokens of a passage, in order: stemmed, synonyms folded, stop words dropped, numbers kept."""
    return _folded_tokens(fold(text))


@text_cache(maxsize=65536)
def _folded_tokens(folded: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in _TOKEN.findall(folded):
        word = _number_word(raw)
        if word in STOP_WORDS:
            continue
        if word in NEGATIONS:
            out.append("not")
            continue
        out.extend(stem(part) for part in word.split("-") if part and part not in STOP_WORDS)
    return tuple(out)


@dataclass(frozen=True)
class Signature:
    """The key facts of a passage: what must agree before two passages may be shown as one."""

    quantities: frozenset[tuple[str, str, str]]
    """(comparator, number, unit): `("<=", "15", "")` for "up to 15", `("", "5", "gb")` for "5 GB"."""
    negated: bool
    opposites: frozenset[str]
    """The side of each opposite pair the passage names ("stateful", "async"...), if only one side."""

    @cached_property
    def numbers(self) -> frozenset[tuple[str, str]]:
        """(number, unit) of every quantity, whatever its comparison."""
        return frozenset((number, unit) for _, number, unit in self.quantities)


_AFTER = re.compile(
    r"\s*(?:\(?[a-z%]*\)?\s*)?(or (?:larger|more|greater|above|bigger)|and above|\+|or (?:less|smaller|fewer))"
)


def _comparator(before: str, after: str) -> str:
    """The comparison around a number: "up to 15" gives "<=", "100 MB or larger" gives ">=", a bare number ""."""
    tail = re.sub(r"[^\w<>\s]+", " ", before[-16:]).rstrip()
    for phrase, sign in _COMPARATORS:
        if tail.endswith(phrase) and (len(tail) == len(phrase) or not tail[-len(phrase) - 1].isalnum()):
            return sign
    match = _AFTER.match(after[:24])
    if match:
        return "<=" if match.group(1).startswith(("or less", "or smaller", "or fewer")) else ">="
    named = _NAMED_LIMIT.search(before[-60:])
    if named:
        return ">=" if named.group(1).startswith("min") else "<="
    return ""


_UNIT_NAMED_BEFORE = re.compile(r"\b(?:max|maximum|min|minimum)\s+(iops|rcu|wcu)\s*(?:is|are|of|:|=)?\s*\Z")
"""A limit whose unit is named with it, before the number: "max IOPS 500" is 500 IOPS, like "500 IOPS"."""


def _unit_named_before(folded: str, start: int) -> re.Match[str] | None:
    return _UNIT_NAMED_BEFORE.search(folded, max(0, start - 40), start)


_NAMED_LIMIT = re.compile(r"\b(max|maximum|min|minimum)\b(?:\s+[a-z/-]+){0,4}?\s*(?:is|are|of|:|=)?\s*\Z")
"""A limit named before what it limits: "The minimum data size is 100 MB", "max IOPS: 500", "Maximum size of an
item = 400 KB"."""


# Units of one dimension → (base unit, factor): "5 TB" and "5000 GB" are one quantity, as are "15 minutes" and
# "900 seconds", "1 year" and "365 days".
_BASE = {
    "kb": ("b", 1e3), "mb": ("b", 1e6), "gb": ("b", 1e9), "tb": ("b", 1e12), "pb": ("b", 1e15), "b": ("b", 1.0),
    "ms": ("s", 1e-3), "s": ("s", 1.0), "min": ("s", 60.0), "h": ("s", 3600.0), "d": ("s", 86400.0),
    "y": ("s", 365 * 86400.0),
    "mbps": ("bps", 1e6), "gbps": ("bps", 1e9),
}  # fmt: skip
# "one" is left out: "one or more", "a single volume" are not limits.
_QUANTITY_WORDS = {word: digit for word, digit in _NUMBER_WORDS.items() if digit != "1"}
_QUANTITY_WORD = re.compile(r"\b(" + "|".join(_QUANTITY_WORDS) + r")\b")
_ONE_UNIT = re.compile(r"\bone (?=(?:second|minute|hour|day|week|month|year)s?\b)")
"""But "one" before a unit of time is a number ("within one second")."""


def _canonical(number: str, unit: str) -> tuple[str, str]:
    """A number in its dimension's base unit, written without trailing zeros."""
    if unit in _BASE:
        base, factor = _BASE[unit]
        value = float(number) * factor
        return (f"{value:.6g}", base)
    return (number.rstrip("0").rstrip(".") if "." in number else number, unit)


@dataclass(frozen=True, slots=True)
class Told:
    """One quantity as a text tells it: "up to 15 days" is ("<=", "1.296e+06", "s"), written "up to 15 days"."""

    comparator: str
    value: str
    """In its dimension's base unit (`_canonical`), so "1 year" and "365 days" are one value."""
    unit: str
    written: str
    """The comparison, number and unit as written (folded): what a reader is shown."""
    counted: str
    """For a number without a unit, the first word after it (stemmed): "5 secondary regions" counts regions, "16
    read replicas" replicas, and the two are not one limit. "" when nothing follows ("max 15)")."""


_CLAUSE_END = re.compile(r"[.;:,()\[\]]")
_WRITTEN_COMPARATOR = {"<=": "up to ", "<": "under ", ">=": "at least ", ">": "over ", "": ""}


@text_cache(maxsize=65536)
def with_digits(text: str) -> str:
    """The text folded (`fold`), with number words as digits ("three primary types" → "3 primary types")."""
    return _QUANTITY_WORD.sub(lambda m: _QUANTITY_WORDS[m.group(1)], _ONE_UNIT.sub("1 ", fold(text)))


def told_quantities(text: str) -> tuple[Told, ...]:
    """Every number of a text with its unit and comparison, in order. The ends of a range are a least and a most
    ("from 5 MB up to 5 TB"), and a limit may be named before what it limits ("The minimum data size is 100 MB").
    """
    folded = with_digits(text)
    told: list[Told] = []
    units: list[str] = []
    low_end = -1
    for match in _QUANTITY.finditer(folded):
        slash, number, unit = match.groups()
        unit_name = "cidr" if slash else _UNITS.get(unit or "", "")
        named = None if unit_name or slash else _unit_named_before(folded, match.start())
        if named:  # "max IOPS 500": the unit named with the limit, before the number
            unit, unit_name = named.group(1), _UNITS[named.group(1)]
        value, base = _canonical(number, unit_name)
        comparator = _comparator(folded[: match.start()], folded[match.end() :])
        end = match.end() if unit_name and not named else match.end(2)  # a word after it that is no unit is not
        after = () if unit_name else _folded_tokens(_CLAUSE_END.split(folded[end : end + 40])[0])
        counted = next((word for word in after if not word[0].isdigit() and word != "not"), "")
        written = _WRITTEN_COMPARATOR[comparator] + folded[match.start() : end].strip() + (f" {unit}" if named else "")
        told.append(Told(comparator, value, base, written, counted))
        units.append(unit_name)
        if len(told) > 1 and _ranged(folded, low_end - len(told[-2].written), low_end, match.start()):
            told[-2:] = _range(told[-2], units[-2], told[-1], unit_name, unit or "")
        low_end = end
    return tuple(told)


_RANGE = re.compile(r"\s*(?:-|to|up to)\s*")
_RANGE_AND = re.compile(r"\s*and\s*")
_RANGE_START = re.compile(r"\bbetween\s*\Z")


def _ranged(folded: str, low_start: int, low_end: int, high_start: int) -> bool:
    """Whether two numbers are the ends of one range: "1 to 35 days", "1-900 seconds", "from 5 MB up to 5 TB"; with
    "and" only after "between" ("between 5MB and 5GB", not "5 and 10 GB").
    """
    if _RANGE.fullmatch(folded, low_end, high_start):
        return True
    return bool(_RANGE_AND.fullmatch(folded, low_end, high_start) and _RANGE_START.search(folded, 0, low_start))


def _range(low: Told, low_unit: str, high: Told, high_unit: str, written_unit: str) -> list[Told]:
    """The two numbers of a range told "between 1 day to 365 days" or "from 5 MB up to 5 TB": a least and a most, the
    first in the second's unit when it has none of its own ("between 1 and 5 minutes").
    """
    if low.comparator or high.comparator not in ("", "<=") or not high_unit or (low_unit and low.unit != high.unit):
        return [low, high]
    if not low_unit:
        value, base = _canonical(low.written, high_unit)
        one = low.written == "1" and written_unit.removesuffix("s") in _UNITS  # "1 to 35 days": 1 day
        written = f"{low.written} {written_unit.removesuffix('s') if one else written_unit}"
        low = replace(low, value=value, unit=base, written=written, counted="")
    return [
        replace(low, comparator=">=", written="at least " + low.written),
        replace(high, comparator="<=", written=high.written if high.comparator else "up to " + high.written),
    ]


@text_cache(maxsize=65536)
def signature(text: str) -> Signature:
    """Numbers with units and comparisons, negation and opposite words of a passage."""
    quantities = {(told.comparator, told.value, told.unit) for told in told_quantities(text)}
    words = tokens(text)
    present = set(words)
    sides = set()
    for left, right in OPPOSITES:
        if (left in present) != (right in present):
            sides.add(left if left in present else right)
    return Signature(frozenset(quantities), "not" in present, frozenset(sides))


_TITLE_WORD = re.compile(r"[\w@&+'’-]+")
_TITLE_SMALL_WORDS = frozenset("a an the of for and or to in on with vs vs. by at from per as via into over".split())  # noqa: SIM905


def capitalised_share(text: str) -> float:
    """Share of the significant words that start with a capital or a digit (titles are mostly Title Case)."""
    words = [w for w in _TITLE_WORD.findall(text) if w.lower() not in _TITLE_SMALL_WORDS]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) / len(words)


__all__ = [
    "NEGATIONS",
    "OPPOSITES",
    "STOP_WORDS",
    "UNIT_WORDS",
    "Signature",
    "capitalised_share",
    "clauses",
    "fold",
    "negated_words",
    "signature",
    "stated_facts",
    "stem",
    "strip_markup",
    "tokens",
    "unit_of_token",
]

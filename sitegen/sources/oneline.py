"""The one-card-per-line layout: ``<upvotes|-> <title> <abstract> N authors · <date>[ <count>]``.

Nothing separates the title from the abstract on such a line; ``split_title`` finds the boundary by
scoring every plausible cut with a few explainable rules (see its docstring). The rules look only at the
first words of the body, so a line costs the same however long its abstract is.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter, eq

from ..model import PartialDate
from ..util.memo import BoundedMemo
from .dates import parse_card_date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CARD_TAIL = re.compile(
    r" (?P<authors>\d+) authors · "
    r"(?P<month>" + "|".join(MONTHS) + r") (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<count>\d+))?$"
)
CARD_LINE = re.compile(r"^(?P<upvotes>-|\d+) (?P<body>.+?)" + CARD_TAIL.pattern)
# How ``match_card`` finds CARD_LINE's parts: the upvotes before the body, the tail mark after it.
CARD_HEAD = re.compile(r"(-|\d+) ")
AUTHORS_MARK = " authors · "


@dataclass(frozen=True, slots=True)
class CardLine:
    """The fields of one card line, as printed (a year-less date keeps ``year=None``)."""

    upvotes: int
    title: str
    abstract: str
    authors: int | None
    """None when the count is damaged (see ``damaged``)."""
    published: PartialDate | None
    """None when the date is damaged (see ``damaged``)."""
    comments: int | None
    cut_margin: float
    """``Split.margin`` of the title/abstract cut."""
    runner_up: str = ""
    """``Split.runner_up``: the title the next-best cut gives."""
    cut_doubt: float = 0.0
    """``Split.doubt``: the calibrated chance that the cut is wrong (warned from ``UNSURE_DOUBT``)."""
    damaged: tuple[str, ...] = ()
    """The meta fields that could not be read, each as ``what 'as printed'``: the card keeps its title
    and abstract and loses only those fields."""

    @property
    def unsure(self) -> bool:
        return self.cut_doubt >= UNSURE_DOUBT


def parse_card_line(text: str, phrases: DumpPhrases | None = None) -> CardLine | None:
    """The card on a whitespace-normalised line, or None when the line is not a card. ``phrases``: the
    capitalised phrases of the dump's cards (``learn_phrases``), for the cut's doubt.

    A line shaped like a card, ``<upvotes> <text> <count> authors · <date>``, whose count or date cannot
    be read (``x authors``, ``Feb 31, 2024``, ``Jum 12``, ``Mar 3, 2015 x``) is still a card: those
    fields are left out and named in ``damaged``."""
    found = match_card(text)
    if found is None:
        return salvage_card(text, phrases)
    upvotes, body, tail = found
    year = int(tail["year"]) if tail["year"] else None
    month, day = MONTHS.index(tail["month"]) + 1, int(tail["day"])
    date_text = text[tail.start("month"):]
    if not 1 <= day <= calendar.monthrange(year or 2024, month)[1]:  # Feb 29 of a year to be inferred
        return build_card(upvotes, body, int(tail["authors"]), None, None, (f"date {date_text!r}",), phrases)
    return build_card(upvotes, body, int(tail["authors"]), PartialDate(month, day, year),
                      int(tail["count"]) if tail["count"] else None, (), phrases)


def build_card(upvotes: str, body: str, authors: int | None, published: PartialDate | None,
               comments: int | None, damaged: tuple[str, ...], phrases: DumpPhrases | None) -> CardLine:
    split = weigh_split(body, phrases)
    return CardLine(
        upvotes=0 if upvotes == "-" else int(upvotes),
        title=split.title,
        abstract=split.abstract,
        authors=authors,
        published=published,
        comments=comments,
        cut_margin=split.margin,
        runner_up=split.runner_up,
        cut_doubt=split.doubt,
        damaged=damaged,
    )


DAMAGED_TAIL = re.compile(r" (?P<authors>\S+) authors? · (?P<date>.{1,40})$")


def salvage_card(text: str, phrases: DumpPhrases | None = None) -> CardLine | None:
    """A card line whose author count or date is damaged; None when the line is no card at all (no
    upvotes first, no ``authors ·`` near its end)."""
    head = CARD_HEAD.match(text)
    mark = text.rfind(" · ")
    word = text.rfind(" ", 0, mark) if mark > 0 else -1  # before "authors"
    start = text.rfind(" ", 0, word) if word > 0 else -1  # before the count
    tail = DAMAGED_TAIL.match(text, start) if head is not None and start > head.end() else None
    if head is None or tail is None or "\n" in text:
        return None
    body = text[head.end() : start]
    if not body.strip(" "):
        return None
    damaged = []
    authors = int(tail["authors"]) if tail["authors"].isdecimal() and tail["authors"].isascii() else None
    if authors is None:
        damaged.append(f"author count {tail['authors']!r}")
    when = parse_card_date(tail["date"])
    if when is None:
        damaged.append(f"date {tail['date']!r}")
    return build_card(head[1], body, authors, when[0] if when else None, when[1] if when else None,
                      tuple(damaged), phrases)


def card_body(text: str) -> str | None:
    """The title-and-abstract part of a card line, None when the line is no (undamaged) card."""
    found = match_card(text)
    return None if found is None else found[1]


def match_card(text: str) -> tuple[str, str, re.Match[str]] | None:
    """``CARD_LINE.match(text)`` as (upvotes, body, match of the tail), found from the end of the line.

    ``CARD_LINE``'s lazy body tries the tail at every space of a 2,000-character abstract (50 µs a line).
    Only one place can start the tail: the tail ends the line and holds " authors · " once, so it is the
    last one, and its author count runs back to the space before it.
    """
    mark = text.rfind(AUTHORS_MARK)
    space = text.rfind(" ", 0, mark) if mark > 0 else -1
    head = CARD_HEAD.match(text) if space > 0 else None
    if head is None or head.end() >= space or text.find("\n", 0, space) >= 0:  # ``.`` stops at a break
        return None
    tail = CARD_TAIL.match(text, space)
    return None if tail is None else (head[1], text[head.end() : space], tail)


# --- Vocabulary -------------------------------------------------------------------------------------


def vocabulary(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a Title Case title leaves in lower case, and which carry no case signal in a sentence either.
FUNCTION_WORDS = vocabulary(
    "a an the of for to in on at by with via from and or nor but as into onto over under upon than that"
    " which who whose is are be was were been not no its it their our your this these those do does can"
    " vs vs. v.s. versus using towards toward through without within across between among beyond per"
    " about after before against along around during like since until up while we they you there here such"
    " each some all both"
)
# Title Case capitalises small words ("Learning To Retrieve"), but a title seldom says "Our" or "There":
# in mid-title these usually mean an abstract sentence has begun ("Can We", "Need You" are the exceptions).
PRONOUNS = vocabulary("we our us they their there this these it its")
# A title never ends on these: they always need something after them.
NEVER_ENDS = vocabulary(
    "a an the of for to in on at by with via from and or nor but as into onto than that which whose is are"
    " be its their our your this these those vs vs. v.s. versus using towards toward through without"
    " within across between among per during & - -- \u2013 \u2014 \u00b7 /"
)
# Capitalised first words that open an abstract's first sentence far more often than a title word.
OPENERS = vocabulary(
    "we this these in the our it there here recent recently despite while although though given as many"
    " most several existing however to for with since due because typically a an how what when why whether"
    " can unlike"
)
# Modifiers that sit before a noun: a title ends on the noun, so one of these at the end means the cut is
# one word too early (``... Forget Stable | Diffusion revolutionised``).
PRENOMINAL = vocabulary("deep large small big short long new novel low high open")
ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ic", "able", "ible", "ful", "less")
NOUNS_LIKE_ADJECTIVES = vocabulary(
    "retrieval tutorial proposal survival signal interval removal arrival trial potential journal manual"
    " perspective objective alternative narrative primitive initiative incentive derivative directive"
    " logic music topic arithmetic rhetoric metric clinic critic mechanic graphic table variable cable"
    " representative"
)
ABBREVIATIONS = vocabulary("al. e.g. i.e. vs. v.s. etc. cf. fig. eq. no. dr. mr. st.")
DASHES = vocabulary("- -- \u2013 \u2014 \u00b7")
STRIP = "()[]{}\"'\u201c\u201d\u2018\u2019.,;:!?*"
ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")

# Fields read for every word of a body at once (``map`` runs these loops in C).
BRACKETED, QUESTION, STEM = attrgetter("bracketed"), attrgetter("question"), attrgetter("stem")

# Word kinds.
OTHER, LOW, CAP, NAME = 0, 1, 2, 3

# Weights (costs are positive, bonuses are subtracted). Every cost says "a reader would not write this".
LOW_IN_TITLE_CASE = 1.0  # a lower-case content word in a Title Case title
PRONOUN_IN_TITLE_CASE = 1.0
CAP_IN_SENTENCE_CASE = 0.5  # a capitalised word inside a sentence-case title (proper nouns are common)
FUNCTION_CAPPED_IN_SENTENCE = 2.0  # "There", "We", "The" in mid-sentence: a new sentence starts there
FUNCTION_CAPPED_IN_TITLE = 3.0  # the same in a sentence-case title: it has run on into the abstract
ABSTRACT_STARTS_LOW = 3.0  # an abstract starts a sentence, so with a capital
ABSTRACT_STARTS_OTHER = 1.5  # or at least with a name, a number, a symbol
ABSTRACT_STARTS_BRACKET = 3.0  # "(RNN) ..." refers back to a phrase: it never opens an abstract
CAP_IN_OPENING_RUN = 0.6  # "Large Language Models (LLMs) have": a capitalised subject phrase
CAP_IN_SENTENCE = 1.0  # a capitalised word after the sentence has clearly started
CAP_FROM_TITLE = 0.2  # the abstract repeating the title's own capitalised terms
CAP_FAR = 0.5  # far from the cut, a capital is as likely a name in the sentence as a sign of a bad cut
NEAR = 4  # words after the abstract's first that count fully
OPENING_RUN = 3  # subject phrases are short: "Large Language Models", "Stable Diffusion"
OPENER_BONUS = 0.7
GERUND_BONUS = 0.5  # "Developing Intelligent Systems involves": a gerund acting on the paper's subject
QUESTION_BONUS = 1.5  # a title that ends with its question
QUESTION_WORDS = 20  # ... a short one: a long question is the abstract's
REPEAT_BONUS = 1.0  # per word repeated across the cut: "... Language Models | Large Language Models"
ACRONYM_START_BONUS = 1.0  # the abstract opens by defining its subject's acronym
ACRONYM_SPLIT = 3.0  # the cut falls inside a phrase and its "(ACRONYM)"
PRENOMINAL_END = 1.2
SENTENCE_IN_TITLE = 4.0  # a title is not a sentence: three or more words ending in a full stop
MAX_TITLE_WORDS = 32  # half as long again as any title in the seeds (20 words) or the generator (21)
LONG_PART = 16  # sentence-case titles run to 16 words; past that, a lower-case run is the abstract's
LONG_PART_COST = 0.25  # per word past LONG_PART in a sentence-case reading
WINDOW = 8  # abstract words looked at after its first word
TITLE_MARK = " | "
"""What a curator puts between title and abstract on a card line to settle the cut."""
BRACKETS = {"(": ")", "[": "]", "{": "}"}


def title_mark(body: str) -> int:
    """Where the curator's ``TITLE_MARK`` is in ``body``, or -1. An abstract may hold the same three
    characters (``p(y | x)``), so only a bar that could end a title counts: within the first
    ``MAX_TITLE_WORDS`` words, with every bracket opened before it closed before it."""
    marked = body.find(TITLE_MARK)
    if marked <= 0 or body.count(" ", 0, marked) >= MAX_TITLE_WORDS:
        return -1
    open_brackets: list[str] = []
    for char in body[:marked]:
        if char in BRACKETS:
            open_brackets.append(BRACKETS[char])
        elif open_brackets and char == open_brackets[-1]:
            open_brackets.pop()
    return -1 if open_brackets else marked


@dataclass(slots=True)
class Word:
    """What the rules need to know of one space-separated token (built once per distinct token, cached).

    Slots, not a NamedTuple: the split reads these fields many times per card, and a slot is read
    faster than a tuple field by name. Not frozen, though never changed after ``classify``: a frozen
    dataclass sets each field through ``object.__setattr__`` (bench/RESULTS.md).
    """

    text: str
    kind: int
    function: bool
    stem: str
    """Case-folded, punctuation stripped, plural ``s`` dropped: for spotting repetition."""
    head: str
    """The stem's first hyphen part (``transformer`` of ``Transformer-based``)."""
    plain: bool
    """No punctuation around the word."""
    bracketed: bool
    gerund: bool
    title_case: float
    """What this word costs a Title Case reading of the title (after a part's first word)."""
    sentence_case: float
    """What it costs a sentence-case reading."""
    ends_segment: bool
    full_stop: bool
    """Ends a sentence with a full stop (not ``e.g.``, ``et al.``, ``v.s.``)."""
    """Ends with ``:``, ``?``, ``!``, a sentence full stop, or is a dash: the next word may be capitalised."""
    never_ends: bool
    prenominal: bool
    opener: bool
    question: bool
    depth: int
    """Net brackets opened by this token (a title never ends inside brackets)."""


def classify(text: str) -> Word:
    core = text.strip(STRIP)
    folded = core.casefold()
    kind = word_kind(core)
    function = kind in (LOW, CAP) and folded in FUNCTION_WORDS
    stem = folded[:-1] if len(folded) > 3 and folded.endswith("s") else folded
    raw = text.casefold()
    full_stop = text.endswith(".") and raw not in ABBREVIATIONS
    return Word(
        text=text,
        kind=kind,
        function=function,
        stem=stem,
        head=stem.split("-", 1)[0],
        plain=text == core,
        bracketed=text.startswith(("(", "[")),
        gerund=kind == CAP and len(folded) > 5 and folded.endswith("ing"),
        title_case=title_case_cost(kind, function, folded),
        sentence_case=sentence_case_cost(kind, function),
        ends_segment=full_stop or text in DASHES or text.endswith((":", "?", "!")),
        full_stop=full_stop,
        never_ends=raw in NEVER_ENDS or text.endswith((":", ",", ";", "-", "(", "/")) or not core,
        prenominal=kind in (LOW, CAP) and text == core and is_prenominal(folded),
        opener=kind == CAP and text == core and folded in OPENERS,
        question=text.endswith(("?", "?!")),
        depth=text.count("(") + text.count("[") - text.count(")") - text.count("]"),
    )



WORDS = BoundedMemo(classify)
"""token -> its ``Word``: the vocabulary repeats across lines, so each distinct token is classified once."""


def title_case_cost(kind: int, function: bool, folded: str) -> float:
    if kind == LOW and not function:
        return LOW_IN_TITLE_CASE
    return PRONOUN_IN_TITLE_CASE if kind == CAP and folded in PRONOUNS else 0.0


def sentence_case_cost(kind: int, function: bool) -> float:
    if kind != CAP:
        return 0.0
    return FUNCTION_CAPPED_IN_TITLE if function else CAP_IN_SENTENCE_CASE


def word_kind(core: str) -> int:
    """NAME for acronyms and names (GPT-3, ImageNet, LLMs, pLSTM: their case says nothing about style)."""
    if core.isalpha():  # most words: letters only, so no digit (no letter is a digit) and no hyphen
        if core[1:] != core[1:].lower():
            return NAME
    elif not any(map(str.isalpha, core)):
        return OTHER
    elif any(map(str.isdigit, core)) or any(part[1:] != part[1:].lower() for part in core.split("-")):
        return NAME
    if core[0].isupper():
        return CAP
    return LOW if core[0].islower() else NAME


def is_prenominal(folded: str) -> bool:
    if folded in PRENOMINAL:
        return True
    return folded.endswith(ADJECTIVE_ENDINGS) and folded not in NOUNS_LIKE_ADJECTIVES


# --- Acronyms -------------------------------------------------------------------------------------


def acronym_spans(words: list[Word]) -> list[tuple[int, int]]:
    """(first word of the defined phrase, index of the ``(ACRONYM)`` token) for each definition found."""
    spans = []
    for index in compress(count(), map(BRACKETED, words)):
        match = ACRONYM.match(words[index].text)
        if match:
            start = phrase_start(match[1], words, index)
            if start is not None:
                spans.append((start, index))
    return spans


def phrase_start(acronym: str, words: list[Word], index: int) -> int | None:
    """Where the phrase whose initials spell ``acronym`` starts, ending just before ``index``."""
    letters = [ch.lower() for ch in acronym if ch.isupper()]
    if len(letters) < 2:
        return None
    return match_initials(letters, words, index - 1, max(0, index - 8))


def match_initials(letters: list[str], words: list[Word], at: int, lowest: int) -> int | None:
    """Match ``letters`` (from their end) against the initials of words[lowest..at], backwards."""
    if not letters:
        return at + 1
    if at < lowest:
        return None
    word = words[at]
    parts = [part[:1].lower() for part in word.text.strip(STRIP).split("-") if part]
    for take in (parts, parts[:1]):
        if take and letters[-len(take) :] == take and len(take) <= len(letters):
            found = match_initials(letters[: len(letters) - len(take)], words, at - 1, lowest)
            if found is not None:
                return found
    if word.function:  # "Mixture of Experts (MoE)" and "(ME)" both occur
        return match_initials(letters, words, at - 1, lowest)
    return None


# --- The split ------------------------------------------------------------------------------------


def split_title(body: str) -> tuple[str, str]:
    """Split ``<title> <abstract>`` into its two parts, so that ``title + " " + abstract == body``.

    Every cut between two words is scored and the cheapest wins. The rules, each a cost or a bonus:

    - The title has one style per part (parts split at ``:``, ``?``, dashes): Title Case, where a
      lower-case content word costs, or sentence case, where a capitalised word costs a little (proper
      nouns) and a capitalised function word (``There``, ``We``) costs a lot (a sentence starts there).
      Acronyms and names (``LLMs``, ``ImageNet``, ``GPT-3``) count for neither.
    - A title never ends on a small function word, a word ending in ``:`` or ``,``, a dash, or inside
      brackets; it seldom ends on a modifier (``Deep``, ``Stable``) that wants its noun.
    - The abstract starts a sentence: a capital (or a name), then mostly lower-case words. Capitalised
      words in its first few words cost, less so in an opening subject phrase (``Large Language Models
      (LLMs) have``) or when they repeat the title's own terms.
    - Bonuses: common abstract openers (``We``, ``This``, ``In``, ``Despite``), a gerund subject, a title
      ending with its question mark, a phrase repeated across the cut (``... Language Models | Large
      Language Models``), an abstract opening with a phrase it defines as an acronym; a cut inside a
      defined phrase is ruled out.

    A body without a space has no abstract: ``(body, "")``.
    """
    split = weigh_split(body)
    return split.title, split.abstract


@dataclass(frozen=True, slots=True)
class Split:
    """A card body cut into title and abstract, with how sure the cut is."""

    title: str
    abstract: str
    runner_up: str
    """The title the next-best cut gives ("" when there is none, or the cut was settled)."""
    margin: float
    """How much more the runner-up cut costs (``math.inf``: settled by the curator's marker)."""
    doubt: float = 0.0
    """The calibrated chance that the cut is wrong (``cut_doubt``; 0 when settled or uncuttable)."""

    @property
    def unsure(self) -> bool:
        return self.doubt >= UNSURE_DOUBT


def weigh_split(body: str, phrases: DumpPhrases | None = None) -> Split:
    """``split_title`` and its confidence. A body holding ``TITLE_MARK`` is cut there, exactly.
    ``phrases`` (``learn_phrases`` of the dump's cards) informs the confidence, never the cut."""
    marked = title_mark(body)
    if marked > 0:
        return Split(body[:marked], body[marked + len(TITLE_MARK):], "", math.inf)
    tokens = body.split(" ", MAX_TITLE_WORDS + WINDOW + 1)
    if len(tokens) < 2:
        return Split(body, "", "", math.inf)
    words = [WORDS[token] for token in tokens[: MAX_TITLE_WORDS + WINDOW + 1]]
    ranked = rank_cuts(words)
    title = " ".join(tokens[: ranked.best])
    if not title.strip(" "):  # only spaces before the first space: nothing to call a title
        return Split(body, "", "", math.inf)
    runner_up = " ".join(tokens[: ranked.second]) if ranked.second else ""
    doubt = cut_doubt(cut_features(words, ranked, phrases or NO_PHRASES, body))
    return Split(title, body[len(title) + 1 :], runner_up, ranked.margin, doubt)


def body_features(body: str, phrases: DumpPhrases | None = None) -> tuple[float, ...] | None:
    """``cut_features`` of an unmarked body's cut, None when the body has no scored cut (for fitting
    ``CUT_MODEL`` in ``bench/split_accuracy.py --fit``)."""
    if title_mark(body) > 0:
        return None
    tokens = body.split(" ", MAX_TITLE_WORDS + WINDOW + 1)
    if len(tokens) < 2:
        return None
    words = [WORDS[token] for token in tokens[: MAX_TITLE_WORDS + WINDOW + 1]]
    ranked = rank_cuts(words)
    if not " ".join(tokens[: ranked.best]).strip(" "):
        return None
    return cut_features(words, ranked, phrases or NO_PHRASES, body)


def best_cut(words: list[Word]) -> int:
    """The number of title words with the lowest cost (the longest title on a tie).

    An abstract starts with a capital, a name, a number or a symbol, so cuts before a lower-case word are
    only scored when there is no other cut at all.
    """
    return rank_cuts(words).best


def rank_cuts(words: list[Word]) -> Ranked:
    """``best_cut`` with its runner-up. A cut before a lower-case word, or the only cut there is, is
    never confident (margin 0)."""
    spans = acronym_spans(words)
    stems = list(map(STEM, words))
    bound = bonus_bound(words, stems, spans)
    ranked = scan_cuts(words, stems, spans, bound, lower_case_start=False)
    if ranked.best:
        return ranked
    fallback = scan_cuts(words, stems, spans, bound, lower_case_start=True).best
    return Ranked(fallback or next((i for i in range(1, len(words)) if any(w.text for w in words[:i])), 1),
                  0, 0.0)


def bonus_bound(words: list[Word], stems: list[str], spans: list[tuple[int, int]]) -> float:
    """The most any cut of this body can win back through bonuses (only those that can occur count)."""
    limit = min(len(words), MAX_TITLE_WORDS + 1)
    bound = max(OPENER_BONUS, GERUND_BONUS) + (ACRONYM_START_BONUS if spans else 0.0)
    if any(map(QUESTION, words[:limit])):
        bound += QUESTION_BONUS
    if any(any(map(eq, stems[n:limit], stems[: limit - n])) for n in (1, 2, 3)):  # a word recurs nearby
        bound += 3 * REPEAT_BONUS
    return bound


@dataclass(frozen=True, slots=True)
class Ranked:
    """The cheapest cut (number of title words; 0 if none is allowed), the runner-up (0 if none) and
    how much more the runner-up costs: the split's confidence."""

    best: int
    second: int
    margin: float


def scan_cuts(
    words: list[Word], stems: list[str], spans: list[tuple[int, int]], bound: float, lower_case_start: bool
) -> Ranked:
    """The cheapest cut and its runner-up.

    Costs are summed cheapest-first so most cuts are dropped before their abstract window is read, and
    the scan stops once the title alone costs more than any bonus could win back (title costs only grow).
    """
    best, best_cost, second, second_cost = 0, math.inf, 0, math.inf
    title_stems: set[str] = set()
    titles = title_styles(words[: min(len(words) - 1, MAX_TITLE_WORDS)], title_stems)
    for cut, (style_cost, depth, last_part) in enumerate(titles, 1):
        # Pruned against the runner-up, not the best: its cost is the confidence of the cut.
        if style_cost - bound > second_cost:
            break
        last, first = words[cut - 1], words[cut]
        if (first.kind == LOW) != lower_case_start:
            continue
        if not last.text or not first.text or depth > 0 or last.never_ends:
            continue
        cost = style_cost + first_word_cost(words, cut, title_stems)
        cost += cut_cost(words, stems, cut, spans, last_part)
        if cost > second_cost:
            continue  # the rest of the abstract only adds costs
        cost += window_cost(words, cut, title_stems)
        if cost <= best_cost:
            best, best_cost, second, second_cost = cut, cost, best, best_cost
        elif cost <= second_cost:
            second, second_cost = cut, cost
    return Ranked(best, second, second_cost - best_cost)


def title_styles(words: list[Word], title_stems: set[str]) -> Iterator[tuple[float, int, int]]:
    """For each title ``words[:1]``, ``words[:2]``...: its style cost, its open brackets and the words in
    its last part, kept up to date one word at a time (no rescans); ``title_stems`` gathers the title's
    capitalised stems as it grows.

    Each part of the title (split at ``:``, ``?``, dashes) is read both as Title Case and as sentence
    case, and costs the cheaper reading. (A generator with local variables: this loop runs 30,000 times
    at 10,000 papers, and attribute updates on an object cost twice as much.)
    """
    closed = title_case = sentence_case = 0.0  # closed: cost of finished parts
    depth = words_in_part = 0
    for word in words:
        depth = max(0, depth + word.depth)
        if word.kind == CAP:
            title_stems.update((word.stem, word.head))
        if words_in_part:  # a part's first word is capitalised in every style
            title_case += word.title_case
            sentence_case += word.sentence_case
            if words_in_part >= LONG_PART:
                sentence_case += LONG_PART_COST
        words_in_part += 1
        last_part = words_in_part
        part = min(title_case, sentence_case)
        if word.full_stop and words_in_part >= 3:
            closed += SENTENCE_IN_TITLE
        if word.ends_segment:
            closed += part
            title_case = sentence_case = part = 0.0
            words_in_part = 0
        yield closed + part, depth, last_part


def window_cost(words: list[Word], cut: int, title_stems: set[str]) -> float:
    """How little the words after the abstract's first read like the rest of its first sentence."""
    cost = 0.0
    opening_run = True
    window = words[cut : cut + 1 + WINDOW]  # the abstract's first word, then the words looked at
    for position in range(1, len(window)):
        word = window[position]
        if window[position - 1].ends_segment:
            opening_run = True  # a new sentence (or "Background:") may start with a capital
        elif word.kind == CAP:
            following = window[position + 1] if position + 1 < len(window) else None
            starts_sentence = word.prenominal and following is not None and is_content(following, LOW)
            cost += capital_cost(word, position, opening_run, starts_sentence, title_stems)
        elif word.kind == LOW and not word.function:
            opening_run = False
    return cost


def first_word_cost(words: list[Word], cut: int, title_stems: set[str]) -> float:
    first = words[cut]
    if first.kind == LOW:
        return ABSTRACT_STARTS_LOW
    if first.bracketed:
        return ABSTRACT_STARTS_BRACKET
    if first.kind == OTHER:
        return ABSTRACT_STARTS_OTHER
    cost = -OPENER_BONUS if first.opener else 0.0
    if first.gerund and cut + 1 < len(words):
        after = words[cut + 1]
        if after.kind == CAP and after.plain and is_title_term(after, title_stems):
            cost -= GERUND_BONUS
    return cost


def is_content(word: Word, kind: int) -> bool:
    return word.kind == kind and not word.function


def is_title_term(word: Word, title_stems: set[str]) -> bool:
    return word.stem in title_stems or word.head in title_stems


def capital_cost(
    word: Word, position: int, opening_run: bool, starts_sentence: bool, title_stems: set[str]
) -> float:
    """A capitalised word in the abstract's first sentence: the nearer the cut, the more it says."""
    if word.function:
        return FUNCTION_CAPPED_IN_SENTENCE
    if is_title_term(word, title_stems):
        # "Supervised Continual learning": authors capitalise their own terms, even as modifiers
        return CAP_IN_SENTENCE if starts_sentence else CAP_FROM_TITLE
    if starts_sentence:
        return FUNCTION_CAPPED_IN_SENTENCE if position <= NEAR else CAP_IN_SENTENCE
    if position > NEAR:
        return CAP_FAR
    return CAP_IN_OPENING_RUN if opening_run and position <= OPENING_RUN else CAP_IN_SENTENCE


def cut_cost(
    words: list[Word], stems: list[str], cut: int, spans: list[tuple[int, int]], question_words: int
) -> float:
    """Costs and bonuses of the cut itself: the title's last word and what straddles the cut."""
    last = words[cut - 1]
    cost = PRENOMINAL_END if last.prenominal else 0.0
    if last.question and question_words <= QUESTION_WORDS:
        cost -= QUESTION_BONUS
    cost -= REPEAT_BONUS * repeated_across(stems, cut)
    opens_with_definition = False
    for start, index in spans:
        if start < cut <= index:
            cost += ACRONYM_SPLIT
        elif start == cut and index - cut <= WINDOW:
            opens_with_definition = True
    return cost - ACRONYM_START_BONUS if opens_with_definition else cost


def repeated_across(stems: list[str], cut: int) -> int:
    """The length (up to 3) of a phrase that ends the title and starts the abstract alike."""
    for n in (3, 2, 1):
        if cut >= n and stems[cut - n] == stems[cut] and stems[cut - n : cut] == stems[cut : cut + n]:
            return n if stems[cut] else 0
    return 0


# --- The dump's own phrases -----------------------------------------------------------------------

NEUTRAL_SHARE = 0.0
"""``DumpPhrases.share`` where there is no word to ask about."""


@dataclass(frozen=True, slots=True)
class DumpPhrases:
    """The capitalised phrases of a dump's abstracts: how often each capitalised word stands, follows
    another capitalised word ("Tangent Kernels") or is followed by one, and each such pair (words as
    ``STRIP`` leaves them).

    All but ``said`` are read from the text after each card's first full stop; the title and the
    first sentence, where the cut is in question, are left out. An abstract whose first word the dump's
    text mostly shows in the middle of a phrase ("... Neural Tangent | Kernels, we"), or a cut between
    two words the dump says as one phrase, is probably cut inside that phrase: the generator's and the
    curator's abstracts name the same methods again and again. Real first sentences differ from later
    ones (they open with the field: "Large language models ..."), so sentence openings themselves are
    not learnt from.
    """

    seen: dict[str, int]
    """How often each word stands capitalised."""
    goes_on: dict[str, int]
    """How often each word follows a capitalised word (``pairs`` summed by their second word)."""
    pairs: dict[tuple[str, str], int]
    """(capitalised word, the capitalised word after it) -> how often the dump's text says them in a row."""
    leads_on: dict[str, int]
    """How often each capitalised word is followed by another (``pairs`` summed by their first word)."""
    said: dict[tuple[str, str], int]
    """Capitalised pairs over the whole of every body, titles too, words as printed (``said_elsewhere``
    leaves the card's own out)."""

    def share(self, token: str) -> float:
        """How often ``token`` goes on a phrase rather than standing first (smoothed; 0 when unseen)."""
        key = token.strip(STRIP)
        return self.goes_on.get(key, 0) / (self.seen.get(key, 0) + 1)

    def leads(self, token: str) -> float:
        """How often ``token`` is followed by another capitalised word of its phrase (smoothed): a
        title seldom ends on a word the dump always goes on from ("Neural Tangent")."""
        key = token.strip(STRIP)
        return self.leads_on.get(key, 0) / (self.seen.get(key, 0) + 1)

    def said_elsewhere(self, before: str, after: str, body: str) -> float:
        """How often the dump's cards but ``body``'s say ``before after`` in a row, title or abstract
        (log scale): titles repeat their phrases ("... and Specialize It for ...") as abstracts do."""
        said = self.said.get((before, after), 0)
        # max: ``body`` need not be one of the bodies learnt from (then nothing of it was counted).
        return math.log1p(max(0, said - times_said(body, f"{before} {after}"))) if said else 0.0

    def split_pair(self, before: str, after: str) -> float:
        """How often the dump says ``before after`` as one phrase (log scale): a cut between the two
        splits it."""
        return math.log1p(self.pairs.get((before.strip(STRIP), after.strip(STRIP)), 0))


NO_PHRASES = DumpPhrases({}, {}, {}, {}, {})
"""What a card read on its own knows of the dump's phrases: nothing."""


CAPITALISED = re.compile(r"(?<![^ ])[A-Z][^ ]*")
IN_A_ROW = re.compile(r"(?<![^ ])([A-Z][^ ]*[^\W_]|[A-Z]) (?=([A-Z][^ ]*))")
"""A capitalised word not ended by punctuation, and the capitalised word after it (overlapping, so
"Neural Tangent Kernels" gives both of its pairs)."""


def learn_phrases(bodies: Iterable[str]) -> DumpPhrases:
    """The ``DumpPhrases`` of a dump's card bodies: a regex scan of each body for its pairs (in two
    parts, split at the first full stop, so the later part's are also counted alone) and one of the
    later part for its capitalised words, about 45 µs a card."""
    capitalised: Counter[str] = Counter()
    later: Counter[tuple[str, str]] = Counter()
    said: Counter[tuple[str, str]] = Counter()
    for body in bodies:
        first_stop = body.find(". ")
        if first_stop < 0:
            said.update(IN_A_ROW.findall(body))
            continue
        # A word ending in "." is never the first of a pair, so no pair crosses the cut at first_stop.
        said.update(IN_A_ROW.findall(body, 0, first_stop + 1))
        pairs = IN_A_ROW.findall(body, first_stop + 2)
        said.update(pairs)
        later.update(pairs)
        capitalised.update(CAPITALISED.findall(body, first_stop + 2))
    seen: Counter[str] = Counter()
    for word, times in capitalised.items():
        seen[word.strip(STRIP)] += times
    goes_on: Counter[str] = Counter()
    leads_on: Counter[str] = Counter()
    phrases: Counter[tuple[str, str]] = Counter()
    for (before, after), times in later.items():
        key = after.strip(STRIP)
        goes_on[key] += times
        leads_on[before] += times
        phrases[before, key] += times
    return DumpPhrases(dict(seen), dict(goes_on), dict(phrases), dict(leads_on), dict(said))


def times_said(body: str, phrase: str) -> int:
    """How often ``phrase`` stands in ``body`` as whole words."""
    times, end = 0, len(phrase)
    at = body.find(phrase)
    while at >= 0:
        if (at == 0 or body[at - 1] == " ") and (at + end == len(body) or body[at + end] == " "):
            times += 1
        at = body.find(phrase, at + 1)
    return times


# --- How sure a cut is ----------------------------------------------------------------------------

MARGIN_CAP = 6.0  # past this the runner-up is no rival at all
RUN_CAP = 6


def capital_run(words: list[Word]) -> int:
    """How many capitalised (or name) content words in a row ``words`` holds from its start."""
    run = 0
    for word in words[:RUN_CAP]:
        if word.kind not in (CAP, NAME) or word.function:
            break
        run += 1
    return run


FEATURES = (
    "margin", "log margin", "no runner-up", "runner-up later", "runner-up adjacent", "runner-up distance",
    "margin x later", "margin x adjacent", "title words", "long title",
    "last cap", "last name", "last low", "first cap", "first name", "first other", "first opener",
    "title question", "title colon", "capitals ending title", "capitals opening abstract",
    "second word low", "fallback", "last prenominal",
    "title comma", "title pronoun", "title opener", "last gerund", "last function", "second word cap",
    "runner-up opener", "last part words",
    "first ends on punctuation", "bracket after first", "capitals across the cut", "first gerund",
    "first word cost", "window cost", "cut cost", "runner-up first word cost", "runner-up window cost",
    "runner-up cut cost",
    "cuts within 0.5", "cuts within 1", "cuts within 2", "best earlier cut", "best later cut",
    "cut before the capitals", "cut after the capitals",
    "first goes on a phrase", "runner-up first goes on a phrase", "cut splits a phrase",
    "runner-up splits a phrase", "title's last word leads on",
    "cut splits a phrase said anywhere", "runner-up splits a phrase said anywhere",
)
"""What ``cut_features`` measures of a cut, in order (the names ``--fit`` prints the weights by)."""


def cut_features(words: list[Word], ranked: Ranked, phrases: DumpPhrases, body: str) -> tuple[float, ...]:
    """What the scorer knows of its cut, as numbers for ``cut_doubt``: its margin over the runner-up,
    where the runner-up lies, the words on either side of the cut, the title's length and shape, and
    whether the cut (or the runner-up) splits a capitalised phrase the dump's text uses (``phrases``)."""
    best, second = ranked.best, ranked.second
    margin = min(ranked.margin, MARGIN_CAP)
    last = words[best - 1]
    first = words[best] if best < len(words) else last
    after = words[best + 1] if best + 1 < len(words) else first
    later = 1.0 if second > best else 0.0
    adjacent = 1.0 if second and abs(second - best) == 1 else 0.0
    title = words[:best]
    stems, spans = list(map(STEM, words)), acronym_spans(words)
    return (
        margin,
        math.log1p(margin),
        0.0 if second else 1.0,
        later,
        adjacent,
        min(abs(second - best), 8) / 8 if second else 0.0,
        margin * later,
        margin * adjacent,
        best / 10,
        1.0 if best > 12 else 0.0,
        1.0 if last.kind == CAP else 0.0,
        1.0 if last.kind == NAME else 0.0,
        1.0 if last.kind == LOW else 0.0,
        1.0 if first.kind == CAP else 0.0,
        1.0 if first.kind == NAME else 0.0,
        1.0 if first.kind == OTHER else 0.0,
        1.0 if first.opener else 0.0,
        1.0 if last.question else 0.0,
        1.0 if any(word.text.endswith(":") for word in title) else 0.0,
        capital_run(title[::-1]) / RUN_CAP,
        capital_run(words[best:]) / RUN_CAP,
        1.0 if after.kind == LOW and not after.function else 0.0,
        1.0 if not second and ranked.margin == 0.0 else 0.0,
        1.0 if last.prenominal else 0.0,
        1.0 if any(word.text.endswith(",") for word in title) else 0.0,
        1.0 if any(word.kind == LOW and word.stem in PRONOUNS for word in title) else 0.0,
        1.0 if any(word.opener for word in title[1:]) else 0.0,
        1.0 if last.gerund else 0.0,
        1.0 if last.function else 0.0,
        1.0 if after.kind == CAP else 0.0,
        1.0 if second and second < len(words) and words[second].opener else 0.0,
        min(last_part_words(title), 20) / 10,
        1.0 if first.text.endswith((",", ";", ":", ")")) else 0.0,
        1.0 if after.bracketed else 0.0,
        1.0 if capital_run([last]) and capital_run([first]) else 0.0,
        1.0 if first.gerund else 0.0,
        *cut_parts(words, stems, spans, best),
        *cut_parts(words, stems, spans, second),
        *landscape(all_cut_costs(words, stems, spans), best, capital_run(title[::-1]),
                   capital_run(words[best:])),
        phrases.share(first.text) if best < len(words) else NEUTRAL_SHARE,
        phrases.share(words[second].text) if 0 < second < len(words) else NEUTRAL_SHARE,
        phrases.split_pair(last.text, first.text) if best < len(words) else 0.0,
        phrases.split_pair(words[second - 1].text, words[second].text) if 0 < second < len(words) else 0.0,
        phrases.leads(last.text),
        phrases.said_elsewhere(last.text, first.text, body) if best < len(words) else 0.0,
        phrases.said_elsewhere(words[second - 1].text, words[second].text, body) if 0 < second < len(words)
        else 0.0,
    )


def landscape(costs: dict[int, float], best: int, run_before: int, run_after: int) -> tuple[float, ...]:
    """How the other cuts (``all_cut_costs``) cost against the chosen one: how many come close, the
    cheapest before and after it, and the cuts at either end of the capitalised run around it (each
    capped at MARGIN_CAP)."""
    if best not in costs:
        return (0.0, 0.0, 0.0, MARGIN_CAP, MARGIN_CAP, MARGIN_CAP, MARGIN_CAP)
    base = costs[best]
    rest = {cut: min(cost - base, MARGIN_CAP) for cut, cost in costs.items() if cut != best}
    return (
        float(sum(1 for extra in rest.values() if extra < 0.5)),
        float(sum(1 for extra in rest.values() if extra < 1.0)),
        float(sum(1 for extra in rest.values() if extra < 2.0)),
        min((extra for cut, extra in rest.items() if cut < best), default=MARGIN_CAP),
        min((extra for cut, extra in rest.items() if cut > best), default=MARGIN_CAP),
        rest.get(best - run_before, MARGIN_CAP) if run_before else MARGIN_CAP,
        rest.get(best + run_after, MARGIN_CAP) if run_after else MARGIN_CAP,
    )


def all_cut_costs(words: list[Word], stems: list[str], spans: list[tuple[int, int]]) -> dict[int, float]:
    """The full cost of every cut ``scan_cuts`` may choose (before a capital, a name or a symbol; none
    pruned): slower than the scan, so only read for the confidence of a cut."""
    title_stems: set[str] = set()
    costs = {}
    titles = title_styles(words[: min(len(words) - 1, MAX_TITLE_WORDS)], title_stems)
    for cut, (style_cost, depth, last_part) in enumerate(titles, 1):
        last, first = words[cut - 1], words[cut]
        if first.kind == LOW or not last.text or not first.text or depth > 0 or last.never_ends:
            continue
        costs[cut] = (style_cost + first_word_cost(words, cut, title_stems)
                      + cut_cost(words, stems, cut, spans, last_part) + window_cost(words, cut, title_stems))
    return costs


def cut_parts(words: list[Word], stems: list[str], spans: list[tuple[int, int]], cut: int
              ) -> tuple[float, float, float]:
    """What the abstract's first word, the window after it and the cut itself cost at ``cut`` (zeros
    when there is no such cut): the parts of the cost besides the title's style."""
    if not 0 < cut < len(words):
        return 0.0, 0.0, 0.0
    title_stems: set[str] = set()
    for word in words[:cut]:
        if word.kind == CAP:
            title_stems.update((word.stem, word.head))
    return (first_word_cost(words, cut, title_stems), window_cost(words, cut, title_stems),
            cut_cost(words, stems, cut, spans, last_part_words(words[:cut])))


def last_part_words(title: list[Word]) -> int:
    """Words after the title's last ``:``, ``?`` or dash (all of them when there is none)."""
    for back, word in enumerate(reversed(title[:-1])):
        if word.ends_segment:
            return back + 1
    return len(title)


# Fitted on 2026-12-07 by ``python3 bench/split_accuracy.py --fit C7 C11 C13 C41 C43 --choose C17 C19``,
# where Cn is ``bench/gen_corpus.py --papers 60000 --seed n`` (70,149 one-line cards, 1,403 wrong cuts to
# fit on; 28,036 cards, 534 wrong cuts to pick the thresholds on). Refit after any change to the scorer's
# rules, to ``cut_features`` or to ``learn_phrases``; held-out numbers are in README ("### Dumps").
CUT_INTERCEPT = 4.8869
CUT_WEIGHTS = (
    -2.2238, -1.6172, -0.0001, 1.1741, -1.133, 0.3848, -0.2618, 0.7883, 0.3986, -0.3142, -4.064, -3.1859,
    -2.3125, -0.7223, 0.5785, 0.1439, -1.1381, -1.2732, 0.0446, -0.0229, 0.4543, -0.3993, 0.0, 3.8073,
    1.4389, 2.7032, 0.1567, 0.8559, 2.3197, 1.3849, 0.2945, 0.1388, -1.3716, 3.6297, 0.9513, -0.2496,
    -0.4265, -1.4668, -2.7913, 0.0804, 1.5311, 0.9097, 0.6146, -0.1788, 0.5309, 0.5193, 0.0021, -0.1013,
    -0.7923, 2.617, -2.7509, 3.8476, 2.4737, 3.3594, 2.7825, -1.8667,
)
CALIBRATED_DOUBT = 0.0582
"""The threshold that warns 95 % of the wrong cuts of the choice corpora (3.7 % of their cards). Held
out, wrong cuts vary more from corpus to corpus than that, so the one in force (``UNSURE_DOUBT``) is
lower; ``bench/split_accuracy.py`` prints both."""
UNSURE_DOUBT = 0.035
"""Cuts at least this likely to be wrong are warned about: the round threshold that warns the most
wrong cuts of the choice corpora within 4.5 % of their cards (96.8 % of their wrong cuts, 4.46 % of
cards), which leaves room under the budget of one card in twenty for corpora it has not seen. Held
out (seeds 23, 29, 31 and 37: 56,261 cards, 1,194 wrong cuts): 95.7 % of wrong cuts warned on 4.68 %
of cards, and at least 95.4 % on each seed. A warning on a right card costs the curator a look at one
line; a wrong cut unwarned publishes a wrong title. Of the 281 right cards of the seed dump
2025-03-14-004, 31 are warned when it is read alone (``sitegen parse``); in a build the ledger knows
their titles, and a known title withdraws the doubt (``merge.settle_cuts``)."""


def cut_doubt(features: tuple[float, ...]) -> float:
    """The chance that a cut is wrong: a logistic regression on ``cut_features``."""
    z = CUT_INTERCEPT + sum(w * x for w, x in zip(CUT_WEIGHTS, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

"""Did-you-mean suggestions for misspelt ids and keys.

The suggestions for a word are the candidates that differ from it only in case, dashes,
underscores or spaces ('webchat', 'Web_Chat' for 'web-chat'), then those most like it by
difflib's similarity ratio (at least 0.6, as ``difflib.get_close_matches``), best first.

Comparing a word with a candidate is costly (far more so for long ids of few letters), and
a workspace under 10 MB can hold 20,000 channels and thousands of unknown references: the
work of comparing them all grows with their product. So:

- a ``Suggester`` indexes one set of candidates once and remembers its answers;
- it skips the candidates that difflib's own upper bounds (lengths, shared letters) show
  cannot be among the best found so far: the same answer as comparing them all;
- past ``EXACT_POOL`` candidates it compares only the ``SHORTLIST`` that share the most
  letter pairs with the word (rarest pairs first);
- a ``Budget`` bounds the work of one command's suggestions. Comparing with every candidate
  may use it down to a reserve, then words get shortlists too; once it is all spent, only
  the spelling variants are suggested. A model typed by hand stays far inside the first
  part, which lasts for about 1,300 different misspellings among 200 ids, or 350 among
  1,000: its suggestions are those of comparing with every candidate."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from heapq import heappush, heapreplace, nlargest

from cxmodel.messages.text import Items, Name, Param, Text, message, plural

CUTOFF = 0.6  # the least similarity ratio suggested (difflib's default)
# Up to this many candidates a word is compared with each (the bounds rule most out for
# next to nothing). Larger sets, such as 20,000 channels, are not typed by hand, and
# comparing a word with all of them is too slow to do for every word.
EXACT_POOL = 2000
# Past EXACT_POOL, or when the budget for comparing with every candidate is spent: how many
# candidates are compared, chosen by the letter pairs they share with the word, and how many
# index entries that choice may count.
SHORTLIST = 40
MAX_POSTINGS = 2000
# Work of choosing a shortlist, besides counting index entries and ranking candidates.
SHORTLIST_WORK = 500
# Letter pairs are indexed from this many characters of each id.
INDEXED_CHARACTERS = 32
# Work is counted in units of 0.06-0.15 microseconds (see _quick_work and _ratio_work).
# For one command: a few seconds at most, however many unknown references and candidates.
WORK = 30_000_000
RESERVE = 10_000_000  # of which comparing with every candidate leaves this for shortlists
# Work of indexing a letter pair of a candidate.
PAIR_WORK = 2
# difflib's SequenceMatcher ignores popular characters ("autojunk") from this length of the
# word on; below it, comparing ids of few distinct letters grows with the square of their
# lengths.
AUTOJUNK_LENGTH = 200

_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """``text`` casefolded, keeping letters and digits only ('Web_Chat' -> 'webchat')."""
    return _NOT_ALNUM.sub("", text.casefold())


def folded_name(text: str) -> str:
    """A display name as people mean it, whatever its case, accents or spacing: 'My Telco
    app', 'my telco  APP' and 'Mý Telco app' fold alike ('ł' and 'ø', which Unicode does
    not decompose, are taken as 'l' and 'o')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def _ratio(matches: int, length: int) -> float:
    """difflib's similarity ratio (its _calculate_ratio), so that bounds compare exactly."""
    return 2.0 * matches / length if length else 1.0


def _quick_work(word: str, candidate: str) -> int:
    """Work of difflib's quick_ratio (counting the candidate's letters)."""
    return 20 + len(word) + len(candidate)


def _ratio_work(word: str, candidate: str) -> int:
    """Work of difflib's ratio: quadratic below AUTOJUNK_LENGTH, where letters repeat."""
    if len(word) < AUTOJUNK_LENGTH:
        return 100 + len(word) * len(candidate)
    return 100 + 4 * (len(word) + len(candidate))


class Budget:
    """The work the suggestions of one command may still do."""

    def __init__(self, work: int = WORK, reserve: int = RESERVE) -> None:
        self.left = work
        self.reserve = reserve

    def allowance(self, exhaustive: bool) -> int:
        """How much one search may do: a search of every candidate leaves the reserve."""
        return self.left - self.reserve if exhaustive else self.left

    def spend(self, work: int) -> None:
        self.left -= work


@dataclass
class _Search:
    """The best matches found so far for one word, and the work done finding them."""

    limit: int
    allowance: int | None  # None: no bound
    work: int = 0

    def afford(self, work: int) -> bool:
        """Count ``work``; False once the allowance is exceeded."""
        self.work += work
        return self.allowance is None or self.work <= self.allowance


def _by_length(candidates: Iterable[str]) -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for candidate in candidates:
        buckets.setdefault(len(candidate), []).append(candidate)
    return buckets


def _floor(best: list[tuple[float, str]], limit: int) -> float:
    """The score a candidate must reach to be among the ``limit`` best so far (reaching it
    is enough only for a candidate larger than the worst of them)."""
    return best[0][0] if len(best) == limit else CUTOFF


def _close_matches(word: str, buckets: Mapping[int, Sequence[str]],
                   search: _Search) -> list[str] | None:
    """``difflib.get_close_matches(word, candidates, search.limit, CUTOFF)``: the same
    answer, ties broken the same way, without comparing the candidates whose upper bounds
    show they cannot be among the best found so far. None if the work exceeds the search's
    allowance."""
    best: list[tuple[float, str]] = []  # a heap of the best (score, candidate)
    matcher: SequenceMatcher[str] | None = None
    size = len(word)
    bounds = {length: _ratio(min(length, size), length + size) for length in buckets}
    for length in sorted(buckets, key=lambda n: -bounds[n]):
        if bounds[length] < _floor(best, search.limit):
            break
        if matcher is None:
            matcher = SequenceMatcher()
            matcher.set_seq2(word)
        # Largest first: a candidate that can only tie with the worst of the best cannot
        # displace it (ties go to the larger candidate) and is skipped.
        for candidate in reversed(buckets[length]):
            if not _compare(matcher, word, candidate, best, search):
                return None
    return [candidate for _, candidate in sorted(best, reverse=True)]


def _compare(matcher: SequenceMatcher[str], word: str, candidate: str,
             best: list[tuple[float, str]], search: _Search) -> bool:
    """Keep ``candidate`` in ``best`` if it is among the best; False if the work exceeds the
    search's allowance."""
    if not search.afford(_quick_work(word, candidate)):
        return False
    matcher.set_seq1(candidate)
    if not _may_enter(matcher.quick_ratio(), candidate, best, search.limit):
        return True
    if not search.afford(_ratio_work(word, candidate)):
        return False
    score = matcher.ratio()
    if not _may_enter(score, candidate, best, search.limit):
        return True
    if len(best) < search.limit:
        heappush(best, (score, candidate))
    else:
        heapreplace(best, (score, candidate))
    return True


def _may_enter(score: float, candidate: str, best: list[tuple[float, str]],
               limit: int) -> bool:
    """Whether a candidate scoring up to ``score`` could be among the ``limit`` best."""
    if len(best) < limit:
        return score >= CUTOFF
    return (score, candidate) > best[0]


def _pairs(text: str) -> set[str]:
    """The letter pairs of ``text`` (casefolded, its first INDEXED_CHARACTERS), with its
    start and end marked: 'web' -> ^w, we, eb, b$."""
    padded = f"\x02{text.casefold()[:INDEXED_CHARACTERS]}\x03"
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


class _PairIndex:
    """Which candidates hold each letter pair, to shortlist the ones most like a word."""

    def __init__(self, pool: Sequence[str]) -> None:
        self.pool = pool
        self.lengths = [len(candidate) for candidate in pool]
        self.postings: dict[str, list[int]] = {}
        for index, candidate in enumerate(pool):
            for pair in _pairs(candidate):
                self.postings.setdefault(pair, []).append(index)

    def shortlist(self, word: str, size: int) -> tuple[list[str], int]:
        """The ``size`` candidates sharing the most of the word's rarer letter pairs
        (counting up to MAX_POSTINGS index entries, rarest pairs first), of the length
        closest to the word's among equals; and the work that took."""
        postings = [self.postings[p] for p in _pairs(word) if p in self.postings]
        postings.sort(key=len)
        counts: Counter[int] = Counter()
        taken = 0
        for found in postings:
            if taken and taken + len(found) > MAX_POSTINGS:
                break
            counts.update(found[:MAX_POSTINGS])
            taken += len(found)
        lengths, length = self.lengths, len(word)
        chosen = nlargest(size, counts.items(),
                          key=lambda item: (item[1], -abs(lengths[item[0]] - length)))
        return [self.pool[index] for index, _ in chosen], SHORTLIST_WORK + taken + 3 * len(counts)


class Suggester:
    """Suggestions among one set of candidates (index them once, ask for many words).
    Without a budget, every word is compared with every candidate."""

    def __init__(self, candidates: Iterable[str], budget: Budget | None = None) -> None:
        self.pool = sorted(set(candidates))
        self._budget = budget
        self._by_fold: dict[str, list[str]] = {}
        for candidate in self.pool:
            self._by_fold.setdefault(_fold(candidate), []).append(candidate)
        self._buckets: dict[int, list[str]] | None = None
        self._index: _PairIndex | None = None
        self._answers: dict[tuple[str, int], list[str]] = {}

    def closest(self, word: str, limit: int = 3) -> list[str]:
        """The candidates closest to ``word``, best first; spelling variants that differ
        only in case, dashes, underscores or spaces come first."""
        found = self._answers.get((word, limit))
        if found is None:
            same = self._by_fold.get(_fold(word), [])
            found = _first([*same, *self._similar(word, limit)], word, limit)
            self._answers[(word, limit)] = found
        return list(found)

    def _similar(self, word: str, limit: int) -> list[str]:
        if limit <= 0:
            return []
        if self._budget is None or len(self.pool) <= EXACT_POOL:
            if self._buckets is None:
                self._buckets = _by_length(self.pool)
            found = self._search(word, self.pool, self._buckets, limit, exhaustive=True)
            if found is not None:
                return found
        shortlist = self._shortlist(word)
        if not shortlist:
            return []
        found = self._search(word, shortlist, _by_length(shortlist), limit, exhaustive=False)
        return found or []

    def _shortlist(self, word: str) -> list[str]:
        """The candidates to compare ``word`` with, sorted; none once the budget is spent."""
        budget = self._budget
        if budget is None or budget.allowance(exhaustive=False) <= 0:
            return []
        if self._index is None:
            work = PAIR_WORK * sum(min(len(c), INDEXED_CHARACTERS) + 1 for c in self.pool)
            budget.spend(work)
            if budget.left < 0:
                return []
            self._index = _PairIndex(self.pool)
        shortlist, work = self._index.shortlist(word, SHORTLIST)
        budget.spend(work)
        return sorted(shortlist)

    def _search(self, word: str, candidates: Sequence[str],
                buckets: Mapping[int, Sequence[str]], limit: int,
                exhaustive: bool) -> list[str] | None:
        """The candidates most like ``word`` or, if none is, most like it ignoring case;
        None if that takes more work than the budget allows (then the work is spent)."""
        allowance = self._budget.allowance(exhaustive) if self._budget is not None else None
        search = _Search(limit, allowance)
        close = _close_matches(word, buckets, search)
        if close == []:
            lowered = {c.casefold(): c for c in candidates}
            search.afford(sum(map(len, lowered)))
            found = _close_matches(word.casefold(), _by_length(lowered), search)
            close = None if found is None else [lowered[c] for c in found]
        if self._budget is not None:
            self._budget.spend(search.work)
        return close


def _first(found: Iterable[str], word: str, limit: int) -> list[str]:
    """The first ``limit`` of ``found``, each once, without ``word`` itself."""
    result: list[str] = []
    for candidate in found:
        if candidate not in result and candidate != word:
            result.append(candidate)
    return result[:limit]


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to ``word``, best first; spelling variants that differ only in
    case, dashes, underscores or spaces ('webchat', 'Web_Chat' for 'web-chat') come first."""
    return Suggester(candidates).closest(word, limit)


# A suggestion: {names} is one name or several, joined with "or".
DID_YOU_MEAN = message("suggest.did-you-mean", "Did you mean {names}?")
# Alternatives named one by one (a did-you-mean within a sentence, keys to add).
EITHER = message("list.either", "{first} or {second}")
ONE_OF_THREE = message("list.one-of-three", "{first} or {second} or {third}")
# Ids or keys listed as written, unquoted ({ids}: "a, b, c"), and how many more there are.
IDS_AND_MORE = plural("list.ids-and-more", "{ids} (and {count} more)",
                      "{ids} (and {count} more)")


def suggested(word: str, candidates: Iterable[str]) -> Items | None:
    """The candidates closest to ``word`` as names joined with "or" ('a', 'b' or 'c'), for
    a sentence of one's own; None when nothing is close."""
    return _either_of(closest(word, candidates))


def _either_of(found: Sequence[str]) -> Items | None:
    return Items(tuple(Name(c) for c in found), conjunction="or") if found else None


def did_you_mean_text(word: str, candidates: Iterable[str]) -> Text | None:
    """"Did you mean 'x'?" (or "'a', 'b' or 'c'"), in the active language when shown; None
    when nothing is close."""
    return _asking(suggested(word, candidates))


def _asking(names: Items | None) -> Text | None:
    return None if names is None else DID_YOU_MEAN(names=names)


def language_suggestions(code: str) -> list[str]:
    """The languages to suggest for a code cxmodel does not speak: the one a common wrong
    guess means (cn: zh), else the closest codes (pll: pl)."""
    from cxmodel.messages.languages import every_code, guessed

    meant = guessed(code)
    return [meant] if meant is not None else closest(code.strip(), every_code())


def language_hint(code: str) -> Text | None:
    """"Did you mean 'zh'?" for a code cxmodel does not speak (language_suggestions)."""
    return _asking(_either_of(language_suggestions(code)))


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """' did you mean 'x'?' style text in English, or None when nothing is close (for
    messages not yet templates; use did_you_mean_text or suggested in a message)."""
    return asked_in_english(closest(word, candidates))


def asked_in_english(found: Sequence[str]) -> str | None:
    """"did you mean 'a' or 'b'?" in English (did_you_mean), None for nothing found."""
    if not found:
        return None
    if len(found) == 1:
        return f"did you mean '{found[0]}'?"
    quoted = ", ".join(f"'{c}'" for c in found[:-1])
    return f"did you mean {quoted} or '{found[-1]}'?"


def either(values: Sequence[Param]) -> Param:
    """'a' / 'a' or 'b' / 'a' or 'b' or 'c': alternatives named one by one in the language
    (past three, joined as the language joins a list with "or")."""
    if len(values) == 1:
        return values[0]
    if len(values) == 2:
        return EITHER(first=values[0], second=values[1])
    if len(values) == 3:
        return ONE_OF_THREE(first=values[0], second=values[1], third=values[2])
    return Items(tuple(values), conjunction="or")


def listed_ids(items: Iterable[str], limit: int = 12, total: int | None = None) -> Param:
    """Ids or keys for a hint, as written and unquoted ("a, b, c"), past ``limit`` counted:
    "a, b, c (and 4 more)" in the active language. ``total``: how many there are, when
    ``items`` holds only the first of them."""
    values = list(items)
    shown = ", ".join(values[:limit])
    more = (len(values) if total is None else total) - limit
    return IDS_AND_MORE(ids=shown, count=more) if more > 0 else shown

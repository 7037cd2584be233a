"""How outcome lotteries and alternatives are put into words (tables, legends, sentences).

Two different things used to be written the same way ("A or B", ``A|B``):

* a **lottery** — chance decides where one equilibrium's play ends: *"Strike won 60% /
  lost 40%"* (:func:`lottery_text`), the probabilities after the labels, separated by
  ``/``, the words all labels share written once;
* **alternatives** — ties or several equilibria, any of which may be the result:
  *"either Deal or Impasse"* (:func:`either_text`).

It sits below ``analysis`` (like :mod:`negotiation_sim.numbers`) because sweep labels and
explanation sentences use it too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from .numbers import percent

__all__ = ["either_text", "lottery_text", "lower_first", "proper_names", "upper_first"]

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def lottery_text(parts: Sequence[tuple[str, float | None]]) -> str:
    """Name a chance lottery over outcomes: ``"Strike won 60% / lost 40%"``.

    Parameters
    ----------
    parts : sequence of (str, float or None)
        Outcome label and its probability, in the game's outcome order; a probability of
        ``None`` means "by chance, with a probability that varies" (as in a sweep legend)
        and is left out of the text.

    Returns
    -------
    str
        The label alone for a single sure outcome; otherwise the labels with their
        percentages separated by ``" / "``, leading words that every label shares written
        once, and ``" (by chance)"`` after the text when no probability is given.

    Examples
    --------
    >>> lottery_text([("Strike won", 0.6), ("Strike lost", 0.4)])
    'Strike won 60% / lost 40%'
    >>> lottery_text([("No sale", 0.5), ("Sale", 0.5)])
    'No sale 50% / Sale 50%'
    >>> lottery_text([("Deal", 1.0)])
    'Deal'
    >>> lottery_text([("Strike won", None), ("Strike lost", None)])
    'Strike won / lost (by chance)'
    >>> lottery_text([("Strike won", 0.6), ("strike lost", 0.4)])  # a label lowered mid-sentence
    'Strike won 60% / lost 40%'
    """
    if len(parts) == 1:
        return parts[0][0]
    words = [label.split(" ") for label, _ in parts]
    shared = 0
    # Later labels may already be lower-cased for mid-sentence use: "Strike won" / "strike lost".
    while all(len(w) > shared + 1 for w in words) and len({w[shared].lower() for w in words}) == 1:
        shared += 1
    texts = []
    for k, ((_, probability), label_words) in enumerate(zip(parts, words, strict=True)):
        label = " ".join(label_words if k == 0 else label_words[shared:])
        texts.append(label if probability is None else f"{label} {percent(probability)}")
    text = " / ".join(texts)
    return text + " (by chance)" if all(p is None for _, p in parts) else text


def either_text(alternatives: Sequence[str], *, capital: bool = False) -> str:
    """Name alternatives (ties, several equilibria): ``"either A or B"``, ``"either A, B or C"``.

    Parameters
    ----------
    alternatives : sequence of str
        Each alternative already in words (a label, or a :func:`lottery_text`).
    capital : bool, optional
        Start with ``"Either"`` (a legend entry or table cell), by default False.

    Returns
    -------
    str
        The one alternative alone, else ``"either ... or ..."`` (commas between all but the
        last two, or ``"or"`` throughout when an alternative has a comma of its own).

    Examples
    --------
    >>> either_text(["Deal"])
    'Deal'
    >>> either_text(["Deal", "Impasse"])
    'either Deal or Impasse'
    >>> either_text(["A", "B", "C"], capital=True)
    'Either A, B or C'
    >>> either_text(["Deal, full", "Impasse", "Exit"])
    'either Deal, full or Impasse or Exit'
    """
    if len(alternatives) == 1:
        return alternatives[0]
    # A label with a comma of its own would blur a comma-separated list: use "or" throughout.
    separator = " or " if any("," in a for a in alternatives) else ", "
    return ("Either " if capital else "either ") + separator.join(alternatives[:-1]) + " or " + alternatives[-1]


def lower_first(label: str, keep: Collection[str] = ()) -> str:
    """Lower-case a label's first letter for use mid-sentence, unless it starts with a name.

    Parameters
    ----------
    label : str
    keep : collection of str, optional
        Names (player labels and ids, possibly of several words) whose case is kept at the
        start of ``label``, also before ``'s``.

    Returns
    -------
    str
        ``label`` with its first letter in lower case, except when the first word is in
        ``keep``, already lower case, or has capitals after its first letter (an acronym
        such as "US" or a name such as "McDonald").

    Examples
    --------
    >>> lower_first("Deal on two islands"), lower_first("US bases"), lower_first("Japan's offer", {"Japan"})
    ('deal on two islands', 'US bases', "Japan's offer")
    >>> lower_first("Hunter A hare", {"Hunter A"})
    'Hunter A hare'

    """
    words = label.split()
    if not words:
        return label
    head = words[0]
    if any(label == name or label.startswith((name + " ", name + "'s")) for name in keep if name):
        return label
    if not head[:1].isupper() or any(ch.isupper() for ch in head[1:]):
        return label
    return label[0].lower() + label[1:]


def upper_first(text: str) -> str:
    """Capitalise the first letter of a sentence, keeping the case of everything after it.

    Unlike :meth:`str.capitalize`, names and acronyms later in the text keep their capitals.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> upper_first("from Russia pockets the aid to US bases")
    'From Russia pockets the aid to US bases'
    >>> upper_first("")
    ''
    """
    return text[:1].upper() + text[1:]


def proper_names(texts: Iterable[str]) -> frozenset[str]:
    """Words the given texts write with a capital in the middle of a sentence: names.

    A word that starts a sentence (or a text) tells nothing, but one written ``"Russia"``
    mid-sentence is a name, so a label that starts with it keeps its capital mid-sentence
    (with :func:`lower_first`).  Words in capitals (acronyms) are kept by
    :func:`lower_first` anyway and are not collected.

    Parameters
    ----------
    texts : iterable of str
        A scenario's labels, title and description.

    Returns
    -------
    frozenset of str
        The words, without a possessive ``'s``.

    Examples
    --------
    >>> sorted(proper_names(["Where the China threat is low, Japan can walk away.", "Russia pockets the aid"]))
    ['China', 'Japan']
    """
    found: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group().removesuffix("'s").removesuffix("’s")
            if _starts_sentence(text, match.start()):
                continue
            if word[:1].isupper() and any(ch.islower() for ch in word[1:]):
                found.add(word)
    return frozenset(found)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence or a bullet (text start, or after . ! ? : ; or a line break)."""
    k = start - 1
    while k >= 0 and text[k] in " \t-*•":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n\r"

"""Whether a negation word negates what follows it, or is an answer before a new clause.

"I can not offer device protection" negates the offer; "oh no, this is Harper Valley", "no
problem, this call may be recorded" and "not at all, anything else?" do not: the "no" answers
what the customer said and a new clause starts after it. Speech engines rarely write the comma,
so the words around the negation tell: an answer is followed by a word that starts a clause (a
pronoun, a greeting, another interjection) or follows an interjection ("oh no", "no no").
"""

from __future__ import annotations

NEGATORS = frozenset({"not", "never", "no", "without", "neither", "nor"})
# "do not worry", "no problem": a negation of one of these words negates nothing around it
POLITE_NEGATIONS = frozenset(
    {"worry", "worries", "hesitate", "mind", "problem", "problems", "forget", "rush", "sorry"}
)
# "not at all", "not a problem", "not to worry": answers, whatever follows them
_POLITE_PAIRS = frozenset({("at", "all"), ("a", "problem"), ("to", "worry"), ("a", "worry")})
_ANSWER_WORDS = frozenset({"no", "nope"})  # "not" and "never" are not said as a bare answer
_INTERJECTIONS = frozenset({"oh", "ah", "uh", "aw", "no", "yes", "okay", "well", "hello", "hi"})
# Words that start a clause: after a bare "no" they begin what the agent says next
# ("no, this is ...", "no, I can ...", "no, thank you for calling ..."); a "no" that negates
# is a determiner before a noun ("no device protection", "there is no plan").
CLAUSE_STARTERS = frozenset("""
i we you he she they it this that these those there here my our your his her their me us
thank thanks please sorry okay yes no hello hi hey oh well so let sure of all right absolutely
actually good great welcome
""".split())  # fmt: skip
# Words a negation reaches across without them counting towards its reach:
# "i am not going to tell you to | calm down" is as near as "i will not tell you to | calm down".
LIGHT_WORDS = frozenset({"to", "going", "be", "a", "an", "the", "you", "ever", "even"})


def negates_at(words: list[str], n: int) -> bool:
    """True when `words[n]` is a negation that negates the words after it in its clause."""
    word = words[n]
    if word not in NEGATORS:
        return False
    after = words[n + 1 : n + 3]
    if after and after[0] in POLITE_NEGATIONS or tuple(after) in _POLITE_PAIRS:
        return False
    if word in _ANSWER_WORDS:
        before = words[n - 1] if n > 0 else ""
        return not (before in _INTERJECTIONS or (after and after[0] in CLAUSE_STARTERS))
    return True


def holds_negation(words: list[str], context: list[str] | None = None) -> bool:
    """True when some word of `words` negates what follows it (`context`: the words after
    them, read to tell an answer from a negation at the edge)."""
    if NEGATORS.isdisjoint(words):
        return False
    seen = words + (context or [])
    return any(negates_at(seen, n) for n in range(len(words)))

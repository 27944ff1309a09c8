"""Finding a rubric phrase in what one speaker said, however the engine spelled it.

Open `matching.py` first; `spoken_text.py` and `normalize.py` prepare the words, and
`placeholders.py` checks the {agent} and {business} slots of a phrase.
"""

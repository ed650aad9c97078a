"""A tokenizer for dispatches: spaCy's punctuation rules, with document numbers kept whole.

Vietnamese writes one syllable per space-separated word, so tokens are syllables split from their
punctuation; a document number (`19/CT-TTg`, `34-CT/TW`, `30/2020/NĐ-CP`, a draft's `/SNV-VP`)
stays one token, where spaCy's infix rules would cut it at `/` and `-`.

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "congvan.Tokenizer.v1"}}})
>>> [t.text for t in nlp("Chỉ thị số 19/CT-TTg, 34-CT/TW (30/2020/NĐ-CP).")]
['Chỉ', 'thị', 'số', '19/CT-TTg', ',', '34-CT/TW', '(', '30/2020/NĐ-CP', ')', '.']
"""
from __future__ import annotations

import re

import spacy
from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from ..read.letters import UPPER

# A whole document number: a number (with `/YEAR` for normative acts), a separator, then upper-case
# symbol segments joined by `-`, `/` or `.` (`16/CGC.BT`); a draft's blank number is `/SNV-VP`.
# Anchored at both ends: spaCy calls it on what is left after prefixes and suffixes are cut off,
# so `19/CT-TTg,` loses its comma first and a trailing `.` never joins the code. The verbose flag is
# inside the pattern (`(?x)`): spaCy saves the pattern's text with the pipeline, not its flags.
CODE_TOKEN = re.compile(
    rf"""(?x)^(?:
        [0-9]+[a-z]?(?:/[0-9]{{2,5}})?[/-]    # 19/  34-  30/2020/  (a typo'd 5-digit year too)
      | /                                     # a draft's blank number: /SNV-VP
    )
    [{UPPER}](?:[\w&]|[./-](?=[\w&]))*$       # CT-TTg  CT/TW  NĐ-CP  CGC.BT
    """)


def make_tokenizer(vocab: Vocab) -> Tokenizer:
    """spaCy's default prefix, suffix and infix rules, with `CODE_TOKEN` matched before infixes."""
    return Tokenizer(
        vocab,
        rules={},
        prefix_search=compile_prefix_regex(TOKENIZER_PREFIXES).search,
        suffix_search=compile_suffix_regex(TOKENIZER_SUFFIXES).search,
        infix_finditer=compile_infix_regex(TOKENIZER_INFIXES).finditer,
        token_match=CODE_TOKEN.match,
    )


@spacy.registry.tokenizers("congvan.Tokenizer.v1")
def create_tokenizer():
    """The registered tokenizer (`@tokenizers = "congvan.Tokenizer.v1"` in a config)."""
    def tokenizer_factory(nlp):
        return make_tokenizer(nlp.vocab)

    return tokenizer_factory

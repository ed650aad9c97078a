"""congvan as a spaCy pipeline: `pipeline.nlp()` gives a `Language` whose docs carry congvan's findings.

The pipeline is a blank Vietnamese one with congvan's tokenizer (document numbers stay whole), a
trained `ner` (ORG, PER, LOC; `models/congvan_vi`, made by `make train`) and the rule components of
`components.py`, which write `doc.spans["references"]`, `["dates"]`, `["deadlines"]`,
`["targets"]` and `["organizations"]`, each span with its resolved key in `span._.key`.
`spacy.load("models/congvan_vi")` gives the same pipeline: the package registers the tokenizer and
the factories as spaCy entry points.

>>> import pipeline
>>> nlp = pipeline.nlp()                                                  # doctest: +SKIP
>>> doc = nlp(pipeline.read("corpora/seeds/004_1f0ab3f4da2a20c2.txt").text)  # doctest: +SKIP
>>> [(s.text, s._.key) for s in doc.spans["references"]][:1]              # doctest: +SKIP
[('Chỉ thị số 19/CT-TTg của Thủ tướng Chính phủ', '19CTTTG')]
>>> from spacy import displacy
>>> html = displacy.render(doc, style="span", options={"spans_key": "references"})  # doctest: +SKIP

The extractors stay plain functions on strings; this package only wraps them (and trains, in
`train.py`, and measures, in `evaluate.py`, the one component that is learned).
"""
from __future__ import annotations

import os
import sys
import threading
import types
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "models" / "congvan_vi"
TOKENIZER = {"@tokenizers": "congvan.Tokenizer.v1"}
_IMPORTING = threading.Lock()


def _spacy_info(*args, **kwargs):
    """`spacy.info`, imported when it is called (see `import_spacy`)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """`import spacy` without its command line. spaCy's `__init__` imports `spacy.cli.info` only to
    export `spacy.info`, and `spacy.cli` imports every command with it (download: requests, httpx;
    init config: jinja2; projects: weasel), about 0.2 s of the 0.65 s that `congvan parse` pays for
    spaCy at its first NER fallback. A stand-in for `spacy.cli.info` is in `sys.modules` while spaCy
    imports and is taken out after, so that a later `import spacy.cli` (`make train`) is the real one;
    the `spacy.info` it leaves imports the real one when called."""
    with _IMPORTING:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
        info.info = _spacy_info  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        stood_in = [name for name in stand_ins if name not in sys.modules]
        sys.modules.update({name: stand_ins[name] for name in stood_in})
        try:
            import spacy  # noqa: F401 - into sys.modules
        except ImportError:   # a spaCy whose `__init__` takes more from its command line
            pass
        finally:
            for name in stood_in:
                if sys.modules.get(name) is stand_ins[name]:
                    del sys.modules[name]
        if "spacy" not in sys.modules:
            import spacy  # noqa: F401 - the ordinary import, command line and all
        return sys.modules["spacy"]


def blank():
    """A blank Vietnamese pipeline with congvan's tokenizer and no components."""
    import spacy

    from . import components, tokenizer  # noqa: F401 - registers the tokenizer and the factories

    return spacy.blank("vi", config={"nlp": {"tokenizer": TOKENIZER}})


def add_components(nlp):
    """Add the rule components (after the `ner`, when there is one)."""
    from .components import FACTORIES

    for name in FACTORIES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def load(model: str | os.PathLike | None = None):
    """The congvan pipeline: `models/congvan_vi` (or `model`) when it is there, else the blank
    pipeline with the rule components only (no trained `ner`)."""
    import spacy

    from . import components, tokenizer  # noqa: F401

    path = Path(model) if model else MODEL
    if (path / "config.cfg").is_file():
        return spacy.load(path)
    if model:
        raise FileNotFoundError(f"no spaCy pipeline in {path} (make train builds models/congvan_vi)")
    return add_components(blank())


@lru_cache(maxsize=4)
def ner_model(model: str | os.PathLike | None = None):
    """The trained `ner` alone (tokenizer, tok2vec, ner), loaded once; None when absent."""
    spacy = import_spacy()

    from . import components, tokenizer  # noqa: F401
    from .components import FACTORIES

    path = Path(model) if model else MODEL
    if not (path / "config.cfg").is_file():
        return None
    return spacy.load(path, exclude=list(FACTORIES))


def org_spans(text: str, model: str | os.PathLike | None = None) -> list[tuple[int, int]]:
    """(start, end) of the ORG entities the trained NER finds in `text`; [] without a model."""
    nlp = ner_model(model)  # type: ignore[arg-type]  # typeshed's PathLike is not Hashable; Path is
    if nlp is None:
        return []
    return [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ == "ORG"]


class _CallableModule(types.ModuleType):
    """`pipeline.nlp()` loads the pipeline, and `pipeline.nlp.train` is still the submodule."""

    def __call__(self, model: str | os.PathLike | None = None):
        return load(model)


sys.modules[__name__].__class__ = _CallableModule

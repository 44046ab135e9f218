"""Notebooks whose kernel is a Python dialect (Coconut) while `language_info` says Python."""

from __future__ import annotations

import json

from llmdeps.model import Reference
from tests.sources.detectors.test_notebook import code, notebook, refs

CELL = 'import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-3-7-sonnet-20250219", max_tokens=10, messages=[])\n'


def test_a_coconut_kernel_whose_cells_are_python_is_read() -> None:
    nb = notebook(
        code(CELL),
        kernelspec={"display_name": "Coconut", "language": "coconut", "name": "coconut"},
        language_info={
            "codemirror_mode": {"name": "python", "version": 3},
            "file_extension": ".coco",
            "mimetype": "text/x-python3",
            "name": "coconut",
        },
    )
    found = refs(json.dumps(nb, indent=1))
    assert [r.model for r in found] == ["claude-3-7-sonnet-20250219"]
    assert all(isinstance(r, Reference) for r in found)


def test_kernels_of_other_languages_stay_unread_whatever_their_cells_hold() -> None:
    for kernelspec, info in (
        ({"language": "R", "name": "ir"}, {"name": "R", "codemirror_mode": "r", "mimetype": "text/x-r-source"}),
        ({"language": "julia", "name": "julia-1.10"}, {"name": "julia", "mimetype": "application/julia"}),
        ({"language": "scala", "name": "scala"}, {"name": "scala", "codemirror_mode": "text/x-scala"}),
        # a Python lexer named in passing is not enough: `pythonish`, `cython`
        ({"language": "cython", "name": "cy"}, {"name": "cython", "pygments_lexer": "cython"}),
    ):
        nb = notebook(code(CELL), kernelspec=kernelspec, language_info=info)
        assert refs(json.dumps(nb)) == [], kernelspec

"""Small things on the pages teachers and students meet first: the home page's examples."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from markupsafe import escape

from quiz.config import CONTENT_DIR
from quiz.library.content_files import read_library


def test_the_home_page_explains_the_labels_with_examples_from_no_quiz(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    guide = page[page.index('id="labels-heading"') : page.index('id="library-heading"')]
    examples = re.findall(r"Example, not from any article:</span>\s*<q>(.*?)</q>", guide, re.S)
    assert len(examples) == 3 and all('<mark class="cue">' in e for e in examples)
    words = [re.sub(r"<[^>]+>", "", e) for e in examples]
    for article in read_library(CONTENT_DIR).articles:
        for statement in article.statements:
            assert str(escape(statement.quote)) not in guide
        assert not any(sentence in article.body for sentence in words)

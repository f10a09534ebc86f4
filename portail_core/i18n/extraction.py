"""A lingua extractor for the e-mail templates (Chameleon text templates, ``.txt``).

An e-mail's texts are Python calls inside ``${…}``, e.g. ``${_("Bonjour ${name},",
mapping={"name": name})}``; this finds each such expression the way Chameleon does (the
shortest text up to a ``}`` that parses as Python) and hands it to lingua's Python
extractor, so the e-mails' texts land in the same catalog as the pages'.
"""

import io

from lingua.extractors import Extractor
from lingua.extractors.python import PythonExtractor


def template_expressions(text):
    """``(line number, expression)`` of every ``${…}`` of a Chameleon text template."""
    position = text.find("${")
    while position != -1:
        start = position + 2
        end = text.find("}", start)
        while end != -1:
            source = text[start:end]
            try:
                compile(source, "<template>", "eval")
            except SyntaxError:
                end = text.find("}", end + 1)
                continue
            yield text.count("\n", 0, position) + 1, source
            break
        position = text.find("${", end if end != -1 else start)


class MailTextExtractor(Extractor):
    """Chameleon text templates (the e-mails)."""

    extensions = [".txt"]

    def __call__(self, filename, options, fileobj=None, lineno=0):
        if fileobj is None:
            with open(filename, encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = fileobj.read()
        python = PythonExtractor()
        for line, source in template_expressions(text):
            yield from python(filename, options, io.StringIO(source + "\n"), lineno + line - 1)

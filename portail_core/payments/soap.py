"""Just enough SOAP 1.1 for the gateways that use it (PayFiP, Payline), with the standard
library: envelopes written as text (so their bytes are exactly the spec's), answers read
with ``defusedxml`` (no entity expansion, no external entities).
"""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


class SoapError(ValueError):
    """The answer is not a well-formed SOAP envelope."""


@dataclass(frozen=True)
class SoapFault:
    """A SOAP fault: ``faultstring`` plus the children of its ``detail`` element's first
    child (e.g. PayFiP's ``FonctionnelleErreur``: code, libelle, descriptif, severite)."""

    faultcode: str
    faultstring: str
    detail_type: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def code(self):
        return self.detail.get("code", "")


def element(tag, content=None, attrs=None):
    """One element as text. ``content``: text (escaped), a list of already written
    elements, or ``None`` for an empty element (``<tag/>``)."""
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in (attrs or {}).items())
    if content is None:
        return f"<{tag}{attributes}/>"
    inner = "".join(content) if isinstance(content, list) else escape(str(content))
    return f"<{tag}{attributes}>{inner}</{tag}>"


def local_name(tag):
    """``{namespace}name`` → ``name``."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def parse(text):
    """The root element of an XML document (bytes or text); :class:`SoapError` if bad."""
    try:
        return ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError) as exc:
        raise SoapError(f"malformed XML: {exc}") from exc


def body_content(text):
    """The first element inside ``Envelope/Body``, or a :class:`SoapFault` if it is one."""
    root = parse(text)
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise SoapError(f"not a SOAP 1.1 envelope: {root.tag}")
    body = root.find(f"{{{SOAP_ENV}}}Body")
    if body is None or len(body) == 0:
        raise SoapError("empty SOAP body")
    content = body[0]
    if content.tag == f"{{{SOAP_ENV}}}Fault":
        return _fault(content)
    return content


def _fault(node):
    values = {local_name(child.tag): (child.text or "") for child in node}
    detail_type, detail = "", {}
    for child in node:
        if local_name(child.tag) == "detail" and len(child):
            detail_type = local_name(child[0].tag)
            detail = {local_name(item.tag): (item.text or "") for item in child[0]}
    code, text = values.get("faultcode", ""), values.get("faultstring", "")
    return SoapFault(code, text, detail_type, detail)


def is_nil(node):
    return node.get(f"{{{XSI}}}nil") == "true"


def text_of(node, *path):
    """Text of the descendant reached by local names ``path`` ("" when absent or nil)."""
    for name in path:
        node = next((child for child in node if local_name(child.tag) == name), None)
        if node is None or is_nil(node):
            return ""
    return (node.text or "").strip()


def flatten(node, prefix=""):
    """``{"a.b.c": text}`` for every leaf under ``node`` (for the audit trail)."""
    values = {}
    seen = {}
    for child in node:
        key = f"{prefix}{local_name(child.tag)}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # repeated elements (lists) keep every item
            key = f"{key}[{seen[key]}]"
        if len(child):
            values.update(flatten(child, f"{key}."))
        elif not is_nil(child):
            values[key] = (child.text or "").strip()
    return values

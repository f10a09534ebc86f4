"""The invoice and the yearly attestation as PDF documents (fpdf2), in the commune's colours.

Text is in the reader's language, given as a localizer (French: "26/01/2018", "5,25 €";
English: "4 September 2017", "€5.25"); the built-in Helvetica is used with the Windows-1252
encoding, which holds every French letter and the euro sign.
"""

from fpdf import FPDF
from pyramid.path import AssetResolver

from portail_core.i18n import _
from portail_core.services.billing.ledger import balance_of

DARK = (27, 27, 27)
GREY = (85, 85, 85)


def _text(value):
    # Babel separates thousands with a narrow no-break space, absent from Windows-1252.
    return str(value).replace("\u202f", "\u00a0")


def _date(fmt, value):
    """French keeps the seeds' numeric dates (26/01/2018); in English a numeric date is
    ambiguous (a US reader takes 04/09 for April), so it is written out: 4 September 2017."""
    return fmt.short_date(value) if fmt.language == "fr" else fmt.long_date(value)


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[index : index + 2], 16) for index in (0, 2, 4))


class BrandedPDF(FPDF):
    """An A4 page with the commune's header and a page-numbered footer."""

    def __init__(self, branding, title, localizer):
        super().__init__(format="A4")
        self.localizer = localizer
        self.formats = localizer.formats
        self.core_fonts_encoding = "windows-1252"
        self.branding = branding
        self.set_title(title)
        self.set_author(branding.town)
        self.set_creator("Portail Familles")  # i18n: ignore (the product's name)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self):
        branding = self.branding
        self.set_fill_color(*_rgb(branding.primary_colour))
        self.rect(0, 0, self.w, 6, style="F")
        logo = _logo_path(branding.logo)
        left = self.l_margin
        if logo:
            self.image(logo, x=left, y=10, w=22)
            left += 26
        self.set_xy(left, 10)
        self.set_text_color(*_rgb(branding.primary_colour))
        self.set_font("helvetica", "B", 13)
        self.cell(0, 6, _text(branding.town.upper()), new_x="LMARGIN", new_y="NEXT")
        self.set_x(left)
        self.set_text_color(*GREY)
        self.set_font("helvetica", "", 9)
        lines = [branding.service, *branding.address_lines]
        phone = self.t(_("Tél : ${phone}", mapping={"phone": branding.phone}))
        phone = phone if branding.phone else ""
        contact = " · ".join(part for part in (phone, branding.email) if part)
        if contact:
            lines.append(contact)
        for line in lines:
            self.set_x(left)
            self.cell(0, 4.5, _text(line), new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(self.get_y(), 34) + 4)
        self.set_text_color(*DARK)

    def footer(self):
        self.set_y(-14)
        self.set_font("helvetica", "", 8)
        self.set_text_color(*GREY)
        # "{nb}" is fpdf2's alias for the page count, filled in when the PDF is written.
        page = self.t(
            _("page ${number}/${pages}", mapping={"number": self.page_no(), "pages": "{nb}"})
        )
        self.cell(0, 5, _text(f"{self.branding.town} — {page}"), align="C")

    def t(self, message):
        return self.localizer.translate(message)

    def title_line(self, text):
        self.set_font("helvetica", "B", 15)
        self.set_text_color(*_rgb(self.branding.primary_colour))
        self.cell(0, 9, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*DARK)

    def facts(self, pairs):
        for label, value in pairs:
            self.set_font("helvetica", "B", 10)
            self.cell(52, 6, _text(self.t(label)))
            self.set_font("helvetica", "", 10)
            self.multi_cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")


def _logo_path(spec):
    if not spec:
        return None
    path = AssetResolver().resolve(spec).abspath()
    return path if path.lower().endswith((".png", ".jpg", ".jpeg", ".svg")) else None


def invoice_pdf(invoice, branding, regie_label, localizer):
    """The PDF bytes of a published invoice (lines, total, what is paid and still due), in
    the language of ``localizer`` (``portail_core.i18n.localizer_for``)."""
    balance = balance_of(invoice)
    fmt = localizer.formats
    title = localizer.translate(_("Facture n° ${number}", mapping={"number": invoice.number}))
    pdf = BrandedPDF(branding, title, localizer)
    pdf.title_line(title)
    period = _(
        "du ${start} au ${end}",
        mapping={
            "start": _date(fmt, invoice.period_start),
            "end": _date(fmt, invoice.period_end),
        },
    )
    pdf.facts(
        [
            (_("Régie"), regie_label),
            (_("Famille"), invoice.family.name),
            (_("Date de la facture"), _date(fmt, invoice.issued_on)),
            (_("Échéance"), _date(fmt, invoice.due_on) if invoice.due_on else "—"),
            (_("Période de facturation"), localizer.translate(period)),
            (_("Référent"), invoice.referent or "—"),
            (_("Établissement"), invoice.establishment_label or "—"),
            (_("Accueil"), invoice.accueil_label or "—"),
            (_("État"), localizer.translate(balance.state_label)),
        ]
    )
    pdf.ln(4)
    _lines_table(pdf, invoice)
    pdf.ln(3)
    totals = [(_("Total"), invoice.total, True)]
    if balance.credited:
        totals.append((_("Avoirs"), -balance.credited, False))
    totals += [(_("Déjà payé"), balance.paid, False), (_("Restant dû"), balance.due, True)]
    for label, amount, bold in totals:
        pdf.set_font("helvetica", "B" if bold else "", 10)
        pdf.cell(150, 6, _text(pdf.t(label)), align="R")
        pdf.cell(0, 6, _text(fmt.money(amount)), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _lines_table(pdf, invoice):
    widths = (112, 20, 24, 24)
    pdf.set_font("helvetica", "B", 9)
    pdf.set_fill_color(238, 241, 245)
    headings = (_("Désignation"), _("Quantité"), _("Tarif"), _("Montant"))
    for width, heading, align in zip(widths, headings, "LRRR", strict=True):
        pdf.cell(width, 7, _text(pdf.t(heading)), border="B", align=align, fill=True)
    pdf.ln()
    section = None
    for line in invoice.lines:
        if line.section and line.section != section:
            section = line.section
            pdf.set_font("helvetica", "B", 9)
            pdf.multi_cell(0, 6, _text(f"- {section}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 9)
        height = _height(pdf, line, widths[0])
        if pdf.will_page_break(height):
            pdf.add_page()
        y = pdf.get_y()
        pdf.multi_cell(widths[0], 5.5, _text(line.designation), new_x="RIGHT", new_y="TOP")
        for width, value in zip(
            widths[1:],
            (line.quantity, pdf.formats.money(line.unit_price), pdf.formats.money(line.amount)),
            strict=True,
        ):
            pdf.cell(width, 5.5, _text(value), align="R")
        pdf.set_y(y + height)


def _height(pdf, line, width):
    lines = pdf.multi_cell(width, 5.5, _text(line.designation), dry_run=True, output="LINES")
    return 5.5 * max(1, len(lines))


def attestation_pdf(family, year, payments, total, branding, today, localizer):
    """The yearly statement of what a family paid (for the tax return)."""
    t, fmt = localizer.translate, localizer.formats
    year_text = str(year)
    pdf = BrandedPDF(
        branding, t(_("Attestation de paiement ${year}", mapping={"year": year_text})), localizer
    )
    pdf.title_line(t(_("Attestation de paiement — année ${year}", mapping={"year": year_text})))
    pdf.set_font("helvetica", "", 10)
    statement = _(
        "${town} atteste que la famille ${family} a réglé au cours de l'année ${year} les "
        "sommes suivantes au titre des accueils de ses enfants.",
        mapping={"town": branding.town, "family": family.name, "year": year_text},
    )
    pdf.multi_cell(
        0,
        5.5,
        _text(t(statement)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    widths = (30, 80, 40, 30)
    pdf.set_font("helvetica", "B", 9)
    pdf.set_fill_color(238, 241, 245)
    headings = (_("Date"), _("Paiement"), _("Factures"), _("Montant"))
    for index, (width, heading) in enumerate(zip(widths, headings, strict=True)):
        align = "R" if index == len(headings) - 1 else "L"
        pdf.cell(width, 7, _text(t(heading)), border="B", fill=True, align=align)
    pdf.ln()
    pdf.set_font("helvetica", "", 9)
    for payment in payments:
        numbers = ", ".join(a.invoice.number or "" for a in payment.allocations)
        method = t(payment.method_label)
        label = method
        if payment.number:
            mapping = {"method": method, "number": payment.number}
            label = t(_("${method} n° ${number}", mapping=mapping))
        pdf.cell(widths[0], 6, _date(fmt, payment.paid_on))
        pdf.cell(widths[1], 6, _text(label))
        pdf.cell(widths[2], 6, _text(numbers))
        pdf.cell(widths[3], 6, _text(fmt.money(payment.amount)), align="R")
        pdf.ln()
    pdf.set_font("helvetica", "B", 10)
    paid = t(_("Total payé en ${year}", mapping={"year": year_text}))
    pdf.cell(sum(widths[:3]), 8, _text(paid), align="R")
    pdf.cell(widths[3], 8, _text(fmt.money(total)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("helvetica", "", 10)
    done = _(
        "Fait le ${date}, pour servir et valoir ce que de droit.",
        mapping={"date": _date(fmt, today)},
    )
    pdf.cell(0, 6, _text(t(done)))
    return bytes(pdf.output())

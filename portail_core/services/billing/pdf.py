"""The invoice and the yearly attestation as PDF documents (fpdf2), in the commune's colours.

Text is French (dates "26/01/2018", money "5,25 €"); the built-in Helvetica is used with
the Windows-1252 encoding, which holds every French letter and the euro sign.
"""

from fpdf import FPDF
from pyramid.path import AssetResolver

from portail_core.formatting import money, short_date
from portail_core.services.billing.ledger import balance_of

DARK = (27, 27, 27)
GREY = (85, 85, 85)


def _text(value):
    # Babel separates thousands with a narrow no-break space, absent from Windows-1252.
    return str(value).replace("\u202f", "\u00a0")


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[index : index + 2], 16) for index in (0, 2, 4))


class BrandedPDF(FPDF):
    """An A4 page with the commune's header and a page-numbered footer."""

    def __init__(self, branding, title):
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.branding = branding
        self.set_title(title)
        self.set_author(branding.town)
        self.set_creator("Portail Familles")
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
        phone = f"Tél : {branding.phone}" if branding.phone else ""
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
        self.cell(0, 5, _text(f"{self.branding.town} — page {self.page_no()}/{{nb}}"), align="C")

    def title_line(self, text):
        self.set_font("helvetica", "B", 15)
        self.set_text_color(*_rgb(self.branding.primary_colour))
        self.cell(0, 9, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*DARK)

    def facts(self, pairs):
        for label, value in pairs:
            self.set_font("helvetica", "B", 10)
            self.cell(52, 6, _text(label))
            self.set_font("helvetica", "", 10)
            self.multi_cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")


def _logo_path(spec):
    if not spec:
        return None
    path = AssetResolver().resolve(spec).abspath()
    return path if path.lower().endswith((".png", ".jpg", ".jpeg", ".svg")) else None


def invoice_pdf(invoice, branding, regie_label):
    """The PDF bytes of a published invoice (lines, total, what is paid and still due)."""
    balance = balance_of(invoice)
    pdf = BrandedPDF(branding, f"Facture n° {invoice.number}")
    pdf.title_line(f"Facture n° {invoice.number}")
    pdf.facts(
        [
            ("Régie", regie_label),
            ("Famille", invoice.family.name),
            ("Date de la facture", short_date(invoice.issued_on)),
            ("Échéance", short_date(invoice.due_on) if invoice.due_on else "—"),
            (
                "Période de facturation",
                f"du {short_date(invoice.period_start)} au {short_date(invoice.period_end)}",
            ),
            ("Référent", invoice.referent or "—"),
            ("Établissement", invoice.establishment_label or "—"),
            ("Accueil", invoice.accueil_label or "—"),
            ("État", balance.state_label),
        ]
    )
    pdf.ln(4)
    _lines_table(pdf, invoice)
    pdf.ln(3)
    for label, amount in (
        ("Total", invoice.total),
        ("Avoirs", -balance.credited),
        ("Déjà payé", balance.paid),
        ("Restant dû", balance.due),
    ):
        if label == "Avoirs" and not balance.credited:
            continue
        pdf.set_font("helvetica", "B" if label in ("Total", "Restant dû") else "", 10)
        pdf.cell(150, 6, _text(label), align="R")
        pdf.cell(0, 6, _text(money(amount)), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _lines_table(pdf, invoice):
    widths = (112, 20, 24, 24)
    pdf.set_font("helvetica", "B", 9)
    pdf.set_fill_color(238, 241, 245)
    for width, heading, align in zip(
        widths, ("Désignation", "Quantité", "Tarif", "Montant"), "LRRR", strict=True
    ):
        pdf.cell(width, 7, _text(heading), border="B", align=align, fill=True)
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
            widths[1:], (line.quantity, money(line.unit_price), money(line.amount)), strict=True
        ):
            pdf.cell(width, 5.5, _text(value), align="R")
        pdf.set_y(y + height)


def _height(pdf, line, width):
    lines = pdf.multi_cell(width, 5.5, _text(line.designation), dry_run=True, output="LINES")
    return 5.5 * max(1, len(lines))


def attestation_pdf(family, year, payments, total, branding, today):
    """The yearly statement of what a family paid (for the tax return)."""
    pdf = BrandedPDF(branding, f"Attestation de paiement {year}")
    pdf.title_line(f"Attestation de paiement — année {year}")
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(
        0,
        5.5,
        _text(
            f"{branding.town} atteste que la famille {family.name} a réglé au cours de "
            f"l'année {year} les sommes suivantes au titre des accueils de ses enfants."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    widths = (30, 80, 40, 30)
    pdf.set_font("helvetica", "B", 9)
    pdf.set_fill_color(238, 241, 245)
    for width, heading in zip(widths, ("Date", "Paiement", "Factures", "Montant"), strict=True):
        pdf.cell(
            width, 7, heading, border="B", fill=True, align="R" if heading == "Montant" else "L"
        )
    pdf.ln()
    pdf.set_font("helvetica", "", 9)
    for payment in payments:
        numbers = ", ".join(a.invoice.number or "" for a in payment.allocations)
        label = f"{payment.method_label}" + (f" n° {payment.number}" if payment.number else "")
        pdf.cell(widths[0], 6, short_date(payment.paid_on))
        pdf.cell(widths[1], 6, _text(label))
        pdf.cell(widths[2], 6, _text(numbers))
        pdf.cell(widths[3], 6, _text(money(payment.amount)), align="R")
        pdf.ln()
    pdf.set_font("helvetica", "B", 10)
    pdf.cell(sum(widths[:3]), 8, _text(f"Total payé en {year}"), align="R")
    pdf.cell(widths[3], 8, _text(money(total)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("helvetica", "", 10)
    pdf.cell(0, 6, _text(f"Fait le {short_date(today)}, pour servir et valoir ce que de droit."))
    return bytes(pdf.output())

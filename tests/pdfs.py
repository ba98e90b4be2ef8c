"""PDFs read back as text (pypdf), as a customer's reader would show them."""
from io import BytesIO

from pypdf import PdfReader


def pdf_pages(content):
    """The text of each page of a PDF, its cells and lines joined by single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages]


def pdf_text(content):
    return " ".join(pdf_pages(content))

"""Placeholder: the certificate PDF (being written)."""


def certificate_pdf_bytes(certificate) -> bytes:
    return b"%PDF-1.4\n% placeholder until the renderer lands\n"

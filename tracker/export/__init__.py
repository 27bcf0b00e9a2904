"""PDF documents (reportlab). Imported only when a document is made."""

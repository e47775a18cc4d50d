"""After the .docx: LibreOffice conversion, font checks, the signature check and fix, the book."""

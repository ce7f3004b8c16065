"""The Models dialog (catalog, downloads, installed models, your files) and how it hooks
into the window."""

"""The gallery panel: thumbnails, search and filters, and the Export dialog."""

"""The main window's helpers: actions and menus, Help, saved layout, the API switch and the
keeper of a picture whose save failed. They receive WindowParts, never the MainWindow."""

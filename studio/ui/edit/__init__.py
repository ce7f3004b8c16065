"""Edit picture: the mask editor window, its canvas, and the Image menu entry that opens it."""

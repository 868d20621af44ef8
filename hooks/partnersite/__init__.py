"""The BioWin × MEDVIA site generator: data in, Markdown pages out."""

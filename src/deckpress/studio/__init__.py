"""deckpress studio: the workspace in a browser, for coaches who never open a terminal.

A local web app on the same files and the same engine as the command line: every edit is
written to the workspace's own YAML or spreadsheet files, every preview is drawn by the
renderer that builds the PDF, every build runs the command itself. It listens on this computer
only and answers only a browser that holds the token from the URL it opened."""

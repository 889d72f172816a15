"""Every client's kit in one run: the deck(s) and worksheets of each client, built in parallel
worker processes (or on a cluster), skipped when nothing they depend on has changed."""

"""Stage 2: layouts, Jinja templates that turn a card's data into card markup, and the markup
parsed into typed elements."""

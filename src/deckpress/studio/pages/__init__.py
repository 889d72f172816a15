"""The studio's pages, one module each: `routes()` gives its URLs to the app."""

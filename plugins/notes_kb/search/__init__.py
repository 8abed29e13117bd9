"""Client-side search: text analysis shared with the browser, the lunr index and its assets."""

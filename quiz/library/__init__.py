"""The library: articles and their statements, content files, and teachers' own articles."""

"""Policy text: encodings, blocks, sentences, language, statements."""

"""The on-disk index: its schema, its generations, the word table beside it, and the writer."""

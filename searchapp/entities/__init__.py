"""Entity values across the whole archive: the resolution pass run after every reindex
(archive.py), the user's corrections (corrections.py), and the value map both produce
(valuemap.py), which the search side applies when it builds its facet columns."""

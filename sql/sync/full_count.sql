-- Rows in the copy of a full-mode table just swapped in. Rendered: target. No parameters.
SELECT count() AS rows FROM {{target}}

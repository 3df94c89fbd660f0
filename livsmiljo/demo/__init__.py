"""Demo content for `livsmiljo demo`: fictional regions, their strategy documents, logins and a meeting."""

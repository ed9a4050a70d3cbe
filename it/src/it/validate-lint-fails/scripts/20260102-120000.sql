-- index the e-mail addresses
CREATE INDEX users_email_idx ON app.users (email);
-- sem-lint-ignore: ban-drop-column
ALTER TABLE app.users DROP COLUMN seen;

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Applying 20260101-000001.sql Done (1/2, ')
assert log.contains('ERROR applying script: ./scripts/20260101-000002.sql')
def line = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal dev.sem:sem-maven-plugin:') }
assert line != null
assert line.contains(':verify (default) on project verify-fails: Verification failed applying every script to an empty database on a throwaway embedded PostgreSQL')
assert line.contains('File[./scripts/20260101-000002.sql] line 4 column 10: relation "missing_customers" does not exist (SQLSTATE 42P01)')
assert line.endsWith(' -> [Help 1]')
true
